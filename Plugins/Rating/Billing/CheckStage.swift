import SettleContracts
import SettleDomain

/// The check stage: why a rated bill is held for review instead of issued.
extension BillingRunner {
    /// Every hold reason of a bill: an open blocking VEE exception, a zero or negative bill on
    /// an active account, a bill above `high_bill_multiple` × the 12-month average.
    static func holds(
        _ item: Settle_Metering_V1_BillingDeterminants, rated: Settle_Rating_V1_RatedBill, agreement: Settle_Accounts_V1_ServiceAgreement?,
        average: Int64?, settings: Settings
    ) -> [String] {
        var holds: [String] = []
        if item.held { holds += item.holdReasons.isEmpty ? ["open blocking VEE exception"] : item.holdReasons.map { "VEE: \($0)" } }
        let active = (agreement?.status ?? "active") == "active" && (agreement?.accountStatus ?? "active") != "closed"
        if rated.totalCents <= 0, active {
            holds.append("zero or negative bill (\(Dollars.plain(rated.totalCents))) on an active account")
        }
        if let average, average > 0,
           Int128(rated.totalCents) * Int128(Micros.scale) > Int128(average) * Int128(settings.highBillMultipleMicros) {
            holds.append("high bill: \(Dollars.plain(rated.totalCents)) is more than \(Micros.format(settings.highBillMultipleMicros)) × the 12-month average \(Dollars.plain(average))")
        }
        return holds
    }
}
