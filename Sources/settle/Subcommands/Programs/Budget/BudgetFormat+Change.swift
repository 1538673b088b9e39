import SettleClient
import SettleContracts
import SettleRPC

extension BudgetFormat {
    /// Sends one keyed, reasoned change of a plan (recalculate, settle up, remove) and shows the
    /// plan it leaves: the three commands differ only in the call.
    static func changePlan(
        _ mutation: MutationOptions, _ connection: ConnectionOptions,
        _ call: (_ programs: ProgramsV1.Client, _ key: String, _ reason: String, CallOptions) async throws -> Settle_Programs_V1_BudgetPlan
    ) async throws {
        let key = mutation.resolvedKey(), reason = mutation.reason ?? ""
        let plan = try await mutation.send(connection) { try await call($0.client(ProgramsV1.Client.self), key, reason, $1) }
        if connection.json { return try Output.message(plan) }
        printPlan(plan)
    }
}
