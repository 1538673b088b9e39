import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Months of history for the reports that compare periods: reads on the 5th of each month
/// (electric and water), then VEE and cycle 5's billing on the 8th.
extension ReportingHost {
    struct Month {
        let period: String
        let kwh: Int64
        let gallons: Int64
    }

    /// Imports the reads that bill `months` in order for the premise's meters `E-<premise>` and
    /// `W-<premise>` (water skipped when `gallons` is 0 for every month), each read's value the
    /// running total, on the 5th; `billPeriods` then runs VEE and billing.
    func billMonths(premise: String, _ months: [Month]) async throws {
        var kwh: Int64 = 0, gallons: Int64 = 0
        for month in months {
            kwh += month.kwh
            gallons += month.gallons
            let date = month.period + "-05"
            try await importReads("meter,read_at,value,kind\nE-\(premise),\(date),\(kwh),actual\n")
            if months.contains(where: { $0.gallons > 0 }) {
                try await importReads("meter,channel,read_at,value\nW-\(premise),gallons,\(date),\(gallons)\n")
            }
        }
    }

    /// VEE and billing of cycle 5 for each period, billed on the 8th.
    func billPeriods(_ periods: [String], highBillMultiple: String = "") async throws {
        for period in periods {
            try await runVee(period)
            try await runBilling(period, billDate: period + "-08", highBillMultiple: highBillMultiple)
        }
    }
}

/// "YYYY-MM" of each month from `first` through `last`.
func periods(_ first: String, _ last: String) -> [String] {
    var (year, month) = (Int(first.prefix(4))!, Int(first.suffix(2))!)
    var out: [String] = []
    while true {
        let text = String(format: "%04d-%02d", year, month)
        out.append(text)
        if text == last { return out }
        month += 1
        if month == 13 { (year, month) = (year + 1, 1) }
    }
}
