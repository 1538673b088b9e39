import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Serves `settle.programs.v1.Programs`; each area's methods live in their own extension
/// (`+Enrolments`, `+Billing`, `+Wastewater`). This holds what they share.
struct ProgramsService: ProgramsV1.ServiceProtocol, ModuleService {
    let store: ModuleStore
    let accounts: AccountsV1.Client
    let metering: MeteringV1.Client
    /// Budget billing's view of the ledger; nil when the host serves no Collections.
    let collections: CollectionsV1.Client?
    let timeZone: TimeZone
    let logger: Logger

    /// The agreement from Accounts, or NOT_FOUND naming the field.
    func agreement(_ id: UInt64, field: String) async throws -> Settle_Accounts_V1_ServiceAgreement {
        guard id != 0 else { throw ProgramsError.invalid(field, "an agreement id is required") }
        var request = Settle_Accounts_V1_GetServiceAgreementRequest()
        request.agreementID = id
        do {
            return try await accounts.getServiceAgreement(request).agreement
        } catch let error as RPCError where error.code == .notFound {
            throw ProgramsError.notFound("\(field): no service agreement \(id)")
        }
    }

    /// The meters installed now at an agreement's premise for its service.
    func meters(of agreement: Settle_Accounts_V1_ServiceAgreement) async throws -> [Settle_Metering_V1_Meter] {
        var request = Settle_Metering_V1_ListMetersRequest()
        request.premiseID = agreement.premiseID
        request.serviceType = agreement.serviceType
        request.pageSize = 100
        return try await metering.listMeters(request).meters.filter { $0.status != "removed" }
    }
}
