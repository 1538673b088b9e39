import SettleContracts
import SettleDomain
import SettleRPC

/// Trends and outliers: the bills of a period and of the same period a year earlier, a
/// cycle at a time, reduced to one small record per agreement.
extension ReportingService {
    static let defaultTrendsTop = 20
    static let maximumTrendsTop: UInt32 = 1_000

    func getTrends(_ request: Settle_Reporting_V1_GetTrendsRequest, responses: RPCWriter<Settle_Reporting_V1_TrendsPage>, context: ServerContext) async throws {
        let period = try ReportingError.period(request.period)
        guard request.top <= Self.maximumTrendsTop else { throw ReportingError.invalid("top", "\(request.top) outliers; at most \(Self.maximumTrendsTop)") }
        guard request.pageSize <= Self.maximumPageSize else {
            throw ReportingError.invalid("page_size", "\(request.pageSize) rows; at most \(Self.maximumPageSize) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultPageSize : Int(request.pageSize)
        var current: [UInt64: TrendUse] = [:]
        var lastYear: [UInt64: TrendUse] = [:]
        try await forEachCycleBills(period) { bills in for bill in bills { TrendUse.add(bill, to: &current) } }
        try await forEachCycleBills(period.adding(months: -12)) { bills in for bill in bills { TrendUse.add(bill, to: &lastYear) } }
        let analysis = TrendsAnalysis(period: period, current: current, lastYear: lastYear)
        var page = Settle_Reporting_V1_TrendsPage()
        if request.allRows {
            for id in analysis.agreementIDs {
                page.rows.append(analysis.row(id))
                if page.rows.count >= pageSize {
                    try await responses.write(page)
                    page = Settle_Reporting_V1_TrendsPage()
                }
            }
        }
        page.summary = analysis.summary(top: request.top == 0 ? Self.defaultTrendsTop : Int(request.top))
        page.last = true
        try await responses.write(page)
    }
}
