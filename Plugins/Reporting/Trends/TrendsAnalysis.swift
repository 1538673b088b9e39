import Foundation
import SettleContracts
import SettleDomain

/// Trends and outliers of one period: each agreement's use per day against the same
/// agreement a year earlier and against its class (rate class × service type), with the
/// z-score of its use per day within the class as the stated measure of how far out it is.
struct TrendsAnalysis: Sendable {
    static let measure = "z-score of use per day within rate class and service type"

    let period: YearMonth
    let current: [UInt64: TrendUse]
    let lastYear: [UInt64: TrendUse]
    private(set) var classes: [String: TrendClassStats] = [:]

    init(period: YearMonth, current: [UInt64: TrendUse], lastYear: [UInt64: TrendUse]) {
        self.period = period
        self.current = current
        self.lastYear = lastYear
        for (id, use) in current {
            let key = Self.classKey(use)
            var stats = classes[key] ?? TrendClassStats()
            stats.count += 1
            stats.sum += use.perDay
            stats.sumOfSquares += use.perDay * use.perDay
            stats.thousandths += use.thousandths
            stats.lastYearThousandths += lastYear[id]?.thousandths ?? 0
            classes[key] = stats
        }
    }

    static func classKey(_ use: TrendUse) -> String { use.rateClass + "\u{1F}" + use.serviceType }

    /// Agreement ids in ascending order: the order rows stream in.
    var agreementIDs: [UInt64] { current.keys.sorted() }

    func row(_ id: UInt64) -> Settle_Reporting_V1_TrendRow {
        let use = current[id]!
        let stats = classes[Self.classKey(use)]!
        var row = Settle_Reporting_V1_TrendRow()
        row.agreementID = id
        row.accountNumber = use.accountNumber
        row.rateClass = use.rateClass
        row.serviceType = use.serviceType
        row.billID = use.billID
        row.unit = use.unit
        row.usage = BillUsage.whole(use.thousandths)
        row.days = use.days
        row.estimated = use.estimated
        if let before = lastYear[id], before.unit == use.unit {
            row.hasLastYear_p = true
            row.lastYearUsage = BillUsage.whole(before.thousandths)
            row.lastYearDays = before.days
            if before.perDay > 0 { row.yearOverYearPercent = Self.tenth((use.perDay / before.perDay - 1) * 100) }
        }
        row.classRatio = stats.mean > 0 ? Self.hundredth(use.perDay / stats.mean) : 0
        row.zScore = Self.hundredth(stats.zScore(use.perDay))
        return row
    }

    /// The summary: every class's averages, then the `top` agreements with the largest |z|
    /// (ties by agreement id), leaving out those exactly at their class's mean.
    func summary(top: Int) -> Settle_Reporting_V1_TrendsSummary {
        var summary = Settle_Reporting_V1_TrendsSummary()
        summary.period = period.description
        summary.measure = Self.measure
        summary.agreements = UInt32(current.count)
        for key in classes.keys.sorted() {
            let stats = classes[key]!
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            var entry = Settle_Reporting_V1_TrendClass()
            entry.rateClass = parts[0]
            entry.serviceType = parts[1]
            entry.unit = BillUsage.unit(of: parts[1])
            entry.agreements = UInt32(stats.count)
            entry.meanPerDay = Self.hundredth(stats.mean)
            entry.stddevPerDay = Self.hundredth(stats.standardDeviation)
            entry.usage = BillUsage.whole(stats.thousandths)
            entry.lastYearUsage = BillUsage.whole(stats.lastYearThousandths)
            summary.classes.append(entry)
        }
        let scored = current.map { id, use in (id, abs(classes[Self.classKey(use)]!.zScore(use.perDay))) }
            .filter { $0.1 > 0 }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        summary.outliers = scored.prefix(top).map { row($0.0) }
        return summary
    }

    static func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
    static func hundredth(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
