public import Foundation

/// Converts between UTC instants and local dates in the utility's time zone, for work that
/// converts millions of instants (interval imports, VEE, usage by day).
///
/// Interval timestamps are stored in UTC and grouped into local days; a local day lasts 23
/// or 25 hours on DST changes, so a day of 15-minute intervals has 92 or 100 slots. Offsets
/// come from a table of the zone's transitions (built once from Foundation, 1990 to 2100;
/// outside it the offset at its nearer end), so each conversion is a binary search, not a
/// call into ICU. Where a day begins follows the same rule as ``LocalDate/startOfDay(in:)``.
public final class ZoneCalendar: Sendable {
    public let timeZone: TimeZone
    /// Transition instants (UTC seconds), ascending, and the offset in force from each.
    private let transitions: [Int64]
    private let offsets: [Int32]
    private let initialOffset: Int32

    public init(timeZone: TimeZone, fromYear: Int = 1990, toYear: Int = 2100) {
        self.timeZone = timeZone
        let start = Date(timeIntervalSince1970: Double(LocalDate(year: fromYear, month: 1, day: 1)?.dayNumber ?? 0) * 86_400)
        let end = Date(timeIntervalSince1970: Double(LocalDate(year: toYear, month: 1, day: 1)?.dayNumber ?? 0) * 86_400)
        var instants: [Int64] = []
        var offsets: [Int32] = []
        var cursor = start
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            instants.append(Int64(next.timeIntervalSince1970))
            offsets.append(Int32(timeZone.secondsFromGMT(for: next)))
            cursor = next
        }
        self.transitions = instants
        self.offsets = offsets
        self.initialOffset = Int32(timeZone.secondsFromGMT(for: start))
    }

    /// Seconds east of UTC in force at `instant`.
    public func offset(at instant: Int64) -> Int64 {
        let passed = transitionsPassed(at: instant)
        return Int64(passed == 0 ? initialOffset : offsets[passed - 1])
    }

    /// How many transitions are at or before `instant` (a binary search).
    private func transitionsPassed(at instant: Int64) -> Int {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The local date an instant falls on.
    public func localDate(of instant: Int64) -> LocalDate {
        LocalDate(localSeconds: instant + offset(at: instant))
    }

    /// The local hour (0–23) an instant falls in.
    public func localHour(of instant: Int64) -> Int {
        let local = instant + offset(at: instant)
        let secondOfDay = ((local % 86_400) + 86_400) % 86_400
        return Int(secondOfDay / 3_600)
    }

    /// The instant `date` begins: its local midnight, or the jump when clocks skip midnight.
    public func startOfDay(_ date: LocalDate) -> Int64 {
        LocalMidnight.instant(wall: Int64(date.dayNumber) * 86_400, offset: offset(at:), transition: transition(after:))
    }

    /// The first offset change after `instant`, if the table has one.
    func transition(after instant: Int64) -> Int64? {
        let passed = transitionsPassed(at: instant)
        return passed < transitions.count ? transitions[passed] : nil
    }

    /// How long `date` lasts in seconds: 86,400, or 82,800 / 90,000 on DST changes.
    public func secondsIn(_ date: LocalDate) -> Int64 {
        startOfDay(date.adding(days: 1)) - startOfDay(date)
    }

    /// How many intervals of `minutes` the local day holds (96 for 15 minutes; 92 or 100 on DST days).
    public func slots(in date: LocalDate, minutes: Int) -> Int {
        Int(secondsIn(date) / Int64(minutes * 60))
    }
}
