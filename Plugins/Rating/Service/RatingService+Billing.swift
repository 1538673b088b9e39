import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Billing runs.
extension RatingService {
    func runBilling(_ request: Settle_Rating_V1_RunBillingRequest, responses: RPCWriter<Settle_Rating_V1_BillingProgress>, context: ServerContext) async throws {
        guard !request.idempotencyKey.isEmpty || context.idempotencyKey != nil else {
            throw RatingError.invalid("idempotency_key", "a billing run changes data and needs an idempotency key")
        }
        let settings = try BillingRunner.settings(request, timeZone: timeZone)
        try await billingRunner(context).run(settings) { progress in try await responses.write(progress) }
    }

    /// A run with the service's neighbours, audited as the caller and the reason it gave.
    func billingRunner(_ context: ServerContext) -> BillingRunner {
        BillingRunner(
            store: store, metering: metering, accounts: accounts, collections: collections, programs: programs, timeZone: timeZone, logger: logger,
            actor: context.peer.actor, method: context.method.fullName, reason: context.metadata[MetadataKey.reason] ?? "")
    }
}
