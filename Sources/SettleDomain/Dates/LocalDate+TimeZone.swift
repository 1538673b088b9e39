public import Foundation

/// Where a date meets an instant: "today" and the day an instant falls on, in the utility's zone.
extension LocalDate {
    /// The local date `instant` falls on in `timeZone`; the utility's zone decides which day a
    /// payment posted at 23:30 belongs to, not the server's.
    public init(_ instant: Date, in timeZone: TimeZone) {
        self.init(localSeconds: Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(timeZone.secondsFromGMT(for: instant)))
    }

    /// Today's date in `timeZone` (the utility's), which is what "today" means to a specialist.
    public static func today(in timeZone: TimeZone, now: Date = Date()) -> LocalDate {
        LocalDate(now, in: timeZone)
    }

    /// The date `seconds` of local wall-clock time (UTC seconds plus the zone's offset) fall
    /// on, rounding down before 1970 as after.
    init(localSeconds seconds: Int64) {
        self.init(dayNumber: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }
}
