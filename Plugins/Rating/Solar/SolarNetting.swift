/// The kWh step of a solar bill, before anything is priced: which kWh each energy period
/// buys, which it sells or values, and how the kWh bank moves.
///
/// Net metering (SAM 0) follows Utilityrate5's `ur_calc`: the bank left in a period by the
/// previous bill is added to this bill's received kWh of the same period
/// (`transfer_surplus`), the period is netted over the whole bill (`sort_energy_to_periods`),
/// and a positive net is the period's new bank while a negative one is bought
/// (`compute_surplus`). A period's bank never offsets another period's use. Net metering in
/// dollars (SAM 1) nets each period the same way without a kWh bank and values the surplus.
/// Net billing and buy all / sell all (SAM 2–4) buy every delivered kWh and value every
/// received kWh, as the meter's channels record them interval by interval.
struct SolarNetting: Sendable {
    /// kWh bought per period (millionths), priced at the buy rates with the tiers on their total.
    var use: [Int64]
    /// kWh per period valued at the sell rates (millionths).
    var exports: [Int64]
    var banks: [BankFigures]

    /// One period's kWh bank on one bill (millionths of a kWh).
    struct BankFigures: Sendable, Equatable {
        var start: Int64 = 0
        var added: Int64 = 0
        var applied: Int64 = 0
        var paidOut: Int64 = 0
        var end: Int64 = 0
    }

    var bankEnd: Int64 { banks.reduce(0) { $0 + $1.end } }

    static func net(_ terms: SolarTermsInput, delivered: [Int64], received: [Int64]) -> SolarNetting {
        let count = max(delivered.count, received.count, terms.bankStart.count, 1)
        func padded(_ values: [Int64]) -> [Int64] { values + [Int64](repeating: 0, count: count - values.count) }
        let delivered = padded(delivered), received = padded(received)
        switch terms.option {
        case .netMetering:
            let start = padded(terms.bankStart)
            var use = [Int64](repeating: 0, count: count)
            var banks: [BankFigures] = []
            for period in 0..<count {
                var bank = BankFigures(start: start[period])
                let net = delivered[period] - received[period]
                if net >= 0 {
                    bank.applied = min(bank.start, net)
                    use[period] = net - bank.applied
                } else {
                    bank.added = -net
                }
                bank.end = bank.start + bank.added - bank.applied
                banks.append(bank)
            }
            return SolarNetting(use: use, exports: [Int64](repeating: 0, count: count), banks: banks)
        case .netMeteringDollars:
            return SolarNetting(use: zip(delivered, received).map { max(0, $0 - $1) }, exports: zip(delivered, received).map { max(0, $1 - $0) }, banks: [])
        case .netBilling, .netBillingCarryover, .buyAllSellAll:
            return SolarNetting(use: delivered, exports: received, banks: [])
        }
    }
}
