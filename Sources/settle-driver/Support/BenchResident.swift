import SettleClient
import SettleContracts
import SwiftProtobuf

/// One residential electric customer moved into a premise through Accounts: the customer, the
/// premise and the move-in every bench's set-up makes by the thousand.
///
/// Keys are `<keyPrefix>-customer-<keySuffix>`, `-premise-` and `-move-in-`, so a set-up run
/// again is a retry that changes nothing.
struct BenchResident: Sendable {
    var keyPrefix: String
    var keySuffix: String
    var name: String
    /// The utility's premise number; empty lets Accounts assign one.
    var premiseID: String
    /// Line 1 of the service address (Springfield, IL), also the mailing address when `mailHere`.
    var street: String
    var mailHere = false
    var phone = "217-555-0100"
    var moveIn: String
    var cycle: UInt32
    var rateSchedule = "RES-1"

    @discardableResult
    func open(_ accounts: AccountsV1.Client) async throws -> Settle_Accounts_V1_MoveInResponse {
        let customer = try await accounts.createCustomer(.with {
            $0.idempotencyKey = "\(keyPrefix)-customer-\(keySuffix)"
            $0.kind = "person"
            $0.name = name
            $0.contact.phone = phone
            if mailHere { $0.contact.mailingAddress = IngestData.address(street) }
        })
        let premise = try await accounts.createPremise(.with {
            $0.idempotencyKey = "\(keyPrefix)-premise-\(keySuffix)"
            $0.premiseID = premiseID
            $0.serviceAddress = IngestData.address(street)
            $0.weatherZone = "north"
            $0.premiseType = "residential"
        })
        return try await accounts.moveIn(.with {
            $0.idempotencyKey = "\(keyPrefix)-move-in-\(keySuffix)"
            $0.premiseID = premise.premise.id
            $0.date = moveIn
            $0.customerID = customer.customer.id
            $0.billCycle = cycle
            $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = rateSchedule; $0.rateClass = "residential" }]
        })
    }
}
