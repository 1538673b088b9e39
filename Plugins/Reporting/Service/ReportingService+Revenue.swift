import SettleContracts
import SettleDomain
import SettleRPC

/// Revenue and consumption by rate class, service type and component, month over month and
/// against the same month last year: the issued bills of every month needed, a cycle at a time.
extension ReportingService {
    static let maximumRevenueMonths: UInt32 = 36

    func getRevenueReport(_ request: Settle_Reporting_V1_GetRevenueReportRequest, context: ServerContext) async throws -> Settle_Reporting_V1_RevenueReport {
        let period = try ReportingError.period(request.period)
        guard request.months <= Self.maximumRevenueMonths else {
            throw ReportingError.invalid("months", "\(request.months) months; at most \(Self.maximumRevenueMonths)")
        }
        let count = Int(request.months == 0 ? 1 : request.months)
        let reported = (0..<count).map { period.adding(months: $0 - count + 1) }
        // Each month, the one before and the same month a year earlier, each read once.
        var needed: [String: YearMonth] = [:]
        for month in reported {
            for other in [month, month.adding(months: -1), month.adding(months: -12)] { needed[other.description] = other }
        }
        var tally = RevenueTally()
        for month in needed.keys.sorted() {
            try await forEachCycleBills(needed[month]!, status: "issued") { bills in
                for bill in bills { tally.add(bill) }
            }
        }
        return tally.report(period: period, reported: reported)
    }
}
