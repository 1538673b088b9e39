public import Foundation

extension LocalDate {
    /// The local date and minute of that day (0–1439) an instant shows on a clock in
    /// `timeZone`: 2024-05-14T22:15:00Z is 2024-05-14, minute 1035 (17:15) in Chicago.
    ///
    /// A bill's peak interval and a NACHA file's creation time are printed as the utility's
    /// wall clock, not UTC; the date is the one ``init(_:in:)`` gives, so the time never
    /// lands on a different day from it. Seconds are dropped, as a clock shows them.
    public static func wallClock(_ instant: Date, in timeZone: TimeZone) -> (date: LocalDate, minute: Int) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(timeZone.secondsFromGMT(for: instant))
        let date = LocalDate(localSeconds: seconds)
        return (date, Int(seconds - Int64(date.dayNumber) * 86_400) / 60)
    }
}
