import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Serves `settle.refunds.v1.Refunds`; each area's methods live in their own extension
/// (`+Requests`, `+Approval`, `+Batches`, `+Returns`, `+Bankruptcy`, `+Policy`). This holds
/// what they share.
struct RefundsService: RefundsV1.ServiceProtocol, ModuleService {
    let store: ModuleStore
    let accounts: AccountsV1.Client
    let collections: CollectionsV1.Client
    let rating: RatingV1.Client
    let timeZone: TimeZone
    let logger: Logger

    /// The key a follow-up call to another module uses: derived from this call's, so a retry
    /// of this call repeats the follow-up under the same key (answered once there).
    static func derivedKey(_ request: String, context: ServerContext, _ suffix: String) -> String {
        let base = request.isEmpty ? context.idempotencyKey ?? "" : request
        return base.isEmpty ? "refunds-\(suffix)" : "\(base)/\(suffix)"
    }

    /// The account from Accounts, or NOT_FOUND naming the field.
    func account(_ number: String, field: String = "account_number") async throws -> Settle_Accounts_V1_Account {
        guard !number.isEmpty else { throw RefundsError.invalid(field, "an account number is required") }
        do {
            return try await accounts.getAccount(.with { $0.accountNumber = number }).account
        } catch let error as RPCError where error.code == .notFound {
            throw RefundsError.notFound("\(field): no account \(number)")
        }
    }

    func policy() async throws -> Settle_Refunds_V1_RefundPolicy {
        try await store.read { db in try RefundPolicyStore.load(in: db) }
    }
}

/// One calculation line.
func input(_ label: String, _ cents: Int64, source: String, detail: String = "", informational: Bool = false) -> Settle_Refunds_V1_CalculationInput {
    var line = Settle_Refunds_V1_CalculationInput()
    line.label = label
    line.amountCents = cents
    line.source = source
    line.detail = detail
    line.informational = informational
    return line
}
