public import Foundation

extension LocalDate {
    /// The instant this date begins in `timeZone`: its local midnight, or on a day whose
    /// midnight a daylight-saving change skips, the first instant the day has.
    ///
    /// The other way from ``LocalDate/init(_:in:)``: a read at the start of a local day, a day's
    /// interval block and a service period's edges are instants, and must begin at the
    /// utility's midnight, not UTC's (23- and 25-hour days included). Works from the zone's
    /// offsets, without a Foundation `Calendar`, and agrees with `Calendar.startOfDay(for:)`;
    /// bulk work asks a ``ZoneCalendar``, which follows the same rule from a table.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let start = LocalMidnight.instant(
            wall: Int64(dayNumber) * 86_400,
            offset: { Int64(timeZone.secondsFromGMT(for: date($0))) },
            transition: { timeZone.nextDaylightSavingTimeTransition(after: date($0)).map { Int64($0.timeIntervalSince1970) } })
        return date(start)
    }
}
