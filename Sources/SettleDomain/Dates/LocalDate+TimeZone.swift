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
}
