import SettleContracts
import SettleDomain

/// A time-of-use schedule like OpenEI URDB's: the period index for each month and hour, on
/// weekdays and on weekends and holidays.
struct TOUSchedule: Sendable {
    let weekday: [Int]
    let weekend: [Int]
    let holidays: Set<Int>

    /// The schedule of a request, nil when it has none; INVALID_ARGUMENT when malformed.
    init?(_ proto: Settle_Metering_V1_TouSchedule) throws {
        guard !proto.weekday.isEmpty else { return nil }
        guard proto.weekday.count == 288 else {
            throw MeteringError.invalid("tou.weekday", "needs 288 entries (12 months × 24 hours), got \(proto.weekday.count)")
        }
        guard proto.weekend.isEmpty || proto.weekend.count == 288 else {
            throw MeteringError.invalid("tou.weekend", "needs 288 entries (12 months × 24 hours) or none, got \(proto.weekend.count)")
        }
        let all = proto.weekday + proto.weekend
        guard all.allSatisfy({ $0 < 64 }) else { throw MeteringError.invalid("tou", "period indexes must be below 64") }
        var holidays = Set<Int>()
        for text in proto.holidays {
            holidays.insert(try MeteringError.date(text, field: "tou.holidays").dayNumber)
        }
        weekday = proto.weekday.map(Int.init)
        weekend = proto.weekend.isEmpty ? weekday : proto.weekend.map(Int.init)
        self.holidays = holidays
    }

    init(weekday: [Int], weekend: [Int]? = nil, holidays: Set<Int> = []) {
        self.weekday = weekday
        self.weekend = weekend ?? weekday
        self.holidays = holidays
    }

    var periodCount: Int { (weekday + weekend).max().map { $0 + 1 } ?? 0 }

    /// The hourly row (24 period indexes) that applies on a local date.
    func row(for date: LocalDate) -> ArraySlice<Int> {
        let month = date.components.month - 1
        let table = date.isWeekend || holidays.contains(date.dayNumber) ? weekend : weekday
        return table[(month * 24)..<(month * 24 + 24)]
    }
}
