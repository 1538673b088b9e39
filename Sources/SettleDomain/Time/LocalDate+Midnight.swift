public import Foundation

extension LocalDate {
    /// The instant this date begins in `timeZone`: its local midnight, or on a day whose
    /// midnight a daylight-saving change skips, the first instant the day has.
    ///
    /// The other way from ``LocalDate/init(_:in:)``: a read at the start of a local day, a day's
    /// interval block and a service period's edges are instants, and must begin at the
    /// utility's midnight, not UTC's (23- and 25-hour days included). Works from the zone's
    /// offsets, without a Foundation `Calendar`, and agrees with `Calendar.startOfDay(for:)`.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        let wall = dayNumber * 86_400
        func offset(at seconds: Int) -> Int { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        // The offset in force a day either side; midnight is in one of them unless it is skipped.
        let before = wall - offset(at: wall - 86_400)
        let after = wall - offset(at: wall + 86_400)
        for candidate in before <= after ? [before, after] : [after, before] where candidate + offset(at: candidate) == wall {
            return Date(timeIntervalSince1970: TimeInterval(candidate))
        }
        // Skipped (clocks jumped past midnight): the day begins at the jump.
        let jump = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(min(before, after))))
        return jump ?? Date(timeIntervalSince1970: TimeInterval(wall - offset(at: wall)))
    }
}
