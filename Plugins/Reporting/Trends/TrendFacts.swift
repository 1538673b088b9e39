import Foundation
import SettleContracts

/// An agreement's use in one period, as trends compare it: the sum of its bills in force
/// (issued or held; a cancelled bill's rebill stands in for it) in thousandths of its unit.
struct TrendUse: Sendable {
    var accountNumber = ""
    var rateClass = ""
    var serviceType = ""
    var billID = ""
    var unit = ""
    var thousandths: Int64 = 0
    var days: UInt32 = 0
    var estimated = false

    /// Units a day (a period without days counts as one day).
    var perDay: Double { Double(thousandths) / 1000 / Double(max(days, 1)) }

    /// Adds a bill; cancelled bills and services without a unit are left out.
    static func add(_ bill: Settle_Rating_V1_Bill, to uses: inout [UInt64: TrendUse]) {
        guard bill.status != "cancelled" else { return }
        let usage = BillUsage(bill)
        guard !usage.unit.isEmpty else { return }
        var use = uses[bill.agreementID] ?? TrendUse()
        use.accountNumber = bill.accountNumber
        use.rateClass = bill.rateClass
        use.serviceType = bill.serviceType
        use.billID = use.billID.isEmpty ? bill.id : use.billID
        use.unit = usage.unit
        use.thousandths += usage.thousandths
        use.days += bill.rated.days
        use.estimated = use.estimated || bill.estimated
        uses[bill.agreementID] = use
    }
}

/// Use per day of every agreement of a rate class and service: the mean and the population
/// standard deviation that the z-scores are measured in.
struct TrendClassStats: Sendable {
    var count = 0
    var sum = 0.0
    var sumOfSquares = 0.0
    var thousandths: Int64 = 0
    var lastYearThousandths: Int64 = 0

    var mean: Double { count == 0 ? 0 : sum / Double(count) }
    var standardDeviation: Double {
        guard count > 1 else { return 0 }
        return (max(0, sumOfSquares / Double(count) - mean * mean)).squareRoot()
    }

    func zScore(_ perDay: Double) -> Double {
        let deviation = standardDeviation
        // Below a millionth of a unit a day the spread is rounding, not a difference.
        return deviation < 1e-6 ? 0 : (perDay - mean) / deviation
    }
}
