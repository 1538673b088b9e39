import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Time of use's policy: the minimum stay and the re-enrolment wait, set by a supervisor.
extension ProgramsService {
    func getTimeOfUsePolicy(_ request: Settle_Programs_V1_GetTimeOfUsePolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_TimeOfUsePolicy {
        try await store.read { db in try TimeOfUsePolicyStore.policy(in: db) }
    }

    func setTimeOfUsePolicy(_ request: Settle_Programs_V1_SetTimeOfUsePolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_TimeOfUsePolicy {
        let reason = try Self.requiredReason(request.reason, context: context, else: "a policy change needs a reason")
        let change = request.policy
        return try await replacePolicy(
            request, key: request.idempotencyKey, context: context, entity: "policy/tou", reason: reason,
            load: { db in try TimeOfUsePolicyStore.policy(in: db) }, change: { before in try TimeOfUsePolicyRules.merged(before, change) },
            save: { policy, db in try TimeOfUsePolicyStore.save(policy, in: db) })
    }

    /// The rules in force now, for an enrolment or an end being checked.
    func timeOfUseRules() async throws -> TimeOfUsePolicy {
        TimeOfUsePolicyRules.rules(try await store.read { db in try TimeOfUsePolicyStore.policy(in: db) })
    }
}
