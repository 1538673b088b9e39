import SettleContracts
import SettleRPC
import SettleTestSupport

/// What Rating reads from Metering: a cycle's determinants, and one premise's consumption over
/// dates. The VEE, VEE rules and consumption tests all ask for them; one place builds the requests.
extension MeteringHost {
    /// Every agreement's billing determinants for `cycle` and `period`, held ones marked.
    func determinants(_ period: String, cycle: UInt32 = 5) async throws -> [Settle_Metering_V1_BillingDeterminants] {
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.cycle = cycle
        request.period = period
        return try await client.getBillingDeterminants(request).collect().flatMap(\.determinants)
    }

    /// The electric consumption at `premise` from `from` to `to`, by `tou` periods when given,
    /// with maximum demand by `demandTou` periods when given.
    func consumption(
        premise: String, from: String, to: String, tou: Settle_Metering_V1_TouSchedule? = nil, demandTou: Settle_Metering_V1_TouSchedule? = nil
    ) async throws -> Settle_Metering_V1_BillingDeterminants {
        var request = Settle_Metering_V1_GetConsumptionRequest()
        request.premiseID = premise
        request.serviceType = "electric"
        request.fromDate = from
        request.toDate = to
        if let tou { request.tou = tou }
        if let demandTou { request.demandTou = demandTou }
        return try await client.getConsumption(request)
    }
}
