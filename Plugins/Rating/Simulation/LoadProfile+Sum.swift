import SettleDomain
import SettleRPC

extension LoadProfile {
    /// A totalized group's load: its meters' profiles summed interval by interval.
    ///
    /// The meters must cover the same intervals (the same interval length and the same rows
    /// in the same order): a coincident peak is only meaningful where every meter's interval
    /// is the same quarter or whole hour. A profile that does not line up is refused with the
    /// first row where it differs, naming it by its place (`member_load_csv[0]` is the second
    /// meter), so nothing is silently shifted or dropped.
    static func sum(_ loads: [LoadProfile]) throws(RPCError) -> LoadProfile {
        guard var total = loads.first else { throw RatingError.invalid("load_csv", "no load to sum") }
        for (position, member) in loads.dropFirst().enumerated() {
            let field = "member_load_csv[\(position)]"
            guard member.intervalMinutes == total.intervalMinutes else {
                throw RatingError.invalid(field, "its intervals are \(member.intervalMinutes) minutes, load_csv's \(total.intervalMinutes): a group's meters must share one interval length")
            }
            guard member.count == total.count else {
                throw RatingError.invalid(field, "it has \(member.count) intervals, load_csv \(total.count): a group's meters must cover the same intervals")
            }
            for row in 0..<total.count where member.days[row] != total.days[row] || member.minutes[row] != total.minutes[row] {
                throw RatingError.invalid(field, "interval \(row + 1) starts \(label(member, row)), load_csv's \(label(total, row)): a group's meters must cover the same intervals in the same order")
            }
            for row in 0..<total.count {
                total.delivered[row] += member.delivered[row]
                total.received[row] += member.received[row]
            }
        }
        return total
    }

    /// "2018-01-01T00:15", the row's label as the file wrote it.
    private static func label(_ load: LoadProfile, _ row: Int) -> String {
        let minute = Int(load.minutes[row])
        let hour = minute / 60, rest = minute % 60
        return "\(LocalDate(dayNumber: Int(load.days[row])))T\(hour < 10 ? "0" : "")\(hour):\(rest < 10 ? "0" : "")\(rest)"
    }
}
