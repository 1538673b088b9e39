import SettleContracts
import SettleDomain
import SettleRPC

/// Aging tied to the trial balance: Collections' aging by rate class and service beside its
/// `CheckLedger`, each total checked against the others.
extension ReportingService {
    func getAgingReport(_ request: Settle_Reporting_V1_GetAgingReportRequest, context: ServerContext) async throws -> Settle_Reporting_V1_AgingReport {
        let asOf = try ReportingError.date(request.asOf, field: "as_of").description
        var agingRequest = Settle_Collections_V1_GetAgingRequest()
        agingRequest.asOf = asOf
        agingRequest.byServiceType = true
        let aging = try await collections.getAging(agingRequest)
        let trial = try await collections.checkLedger(Settle_Collections_V1_CheckLedgerRequest())
        return AgingTie.report(asOf: asOf, aging: aging, trial: trial)
    }
}
