/// A solar enrolment's metering option: Settle's names for NREL SAM Utilityrate5's
/// `ur_metering_option` values, whose arithmetic Settle follows (see Plugins/Programs/README.md).
enum MeteringOption: String, Sendable, CaseIterable {
    /// SAM 0: delivered and received kWh netted per TOU period over the bill; excess kWh banked
    /// per period and used by later bills; the true-up pays the bank out at the year-end rate.
    case netMetering = "net_metering"
    /// SAM 1: per period netting; the excess is valued at the sell rate in dollars and carried.
    case netMeteringDollars = "net_metering_dollars"
    /// SAM 2: delivered kWh at the buy rate, received kWh credited at the sell rate.
    case netBilling = "net_billing"
    /// SAM 3: as net billing, the credit carried in dollars to later bills (and expiring).
    case netBillingCarryover = "net_billing_carryover"
    /// SAM 4: every delivered kWh bought, every received kWh sold (two meters).
    case buyAllSellAll = "buy_all_sell_all"

    /// SAM's `ur_metering_option` number.
    var samNumber: Int {
        switch self {
        case .netMetering: 0
        case .netMeteringDollars: 1
        case .netBilling: 2
        case .netBillingCarryover: 3
        case .buyAllSellAll: 4
        }
    }

    /// Whether the excess is carried in dollars (against later energy charges).
    var carriesDollars: Bool { self == .netMeteringDollars || self == .netBillingCarryover }

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
