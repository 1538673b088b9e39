import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Bills issued by the real Rating: RES-1 is 10.00 a month (prorated by days / 30) +
/// 0.10 / kWh + sales tax 5 % (tax type "sales-tax"), cycle 5, activated by two people.
extension RefundsHost {
    func taxedTariff() async throws {
        try await TariffSetup(maker: ratesMaker, checker: ratesChecker).activate(taxedResidentialTariff())
    }

    /// A customer with an active register meter at a new premise, moved in on `date`.
    func meteredCustomer(_ name: String, premise: String, meter: String, date: String, installRead: Int64) async throws -> Customer {
        _ = try await setup.premise(premise, street: "\(premise) Oak St")
        try await setup.registerMeter(meter, at: premise, on: date, installRead: installRead)
        let customerID = try await setup.customer(name, kind: "organisation")
        let moved = try await setup.moveIn(customerID, at: premise, on: date, cycle: 5)
        return Customer(id: customerID, account: moved.account, agreement: moved.agreement)
    }

    var setup: UtilitySetup { UtilitySetup(accounts: accounts, metering: metering) }

    func importReads(_ csv: String) async throws {
        let response = try await setup.importRegisterReads(csv)
        XCTAssertTrue(response.committed, "\(response.rejected)")
    }

    /// VEE and the cycle-5 billing run of a period.
    func bill(_ period: String, billDate: String) async throws -> Settle_Rating_V1_BillingProgress {
        _ = try await metering.runVee(.with { $0.idempotencyKey = freshKey("vee"); $0.cycle = 5; $0.period = period })
        var last = Settle_Rating_V1_BillingProgress()
        for try await progress in try await rating.runBilling(.with {
            $0.idempotencyKey = freshKey("run"); $0.cycle = 5; $0.period = period; $0.billDate = billDate
        }) { last = progress }
        return last
    }

    func bills(_ customer: Customer) async throws -> [Settle_Rating_V1_Bill] {
        try await rating.listBills(.with { $0.agreementIds = [customer.agreement] }).bills
    }

    func exempt(_ customer: Customer, from date: String) async throws {
        _ = try await accounts.addTaxExemption(.with {
            $0.idempotencyKey = freshKey("exempt"); $0.customerID = customer.id; $0.taxType = "sales-tax"
            $0.certificateNumber = "ST-\(customer.account)"; $0.effectiveDate = date
        })
    }
}

/// The sales tax on a bill, read from its lines.
func salesTax(_ bill: Settle_Rating_V1_Bill) -> Int64 {
    bill.rated.lines.filter { $0.component == "tax" && $0.description_p == "Sales tax" }.reduce(0) { $0 + $1.amountCents }
}
