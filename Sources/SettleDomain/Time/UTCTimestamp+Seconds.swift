public import Foundation

extension UTCTimestamp {
    /// UTC ISO-8601 text to the whole second (`2026-12-02T19:22:05Z`), the form of contracts'
    /// `created_at` and `recorded_at` fields.
    ///
    /// The instant is rounded down, as a clock reads. Written by integer arithmetic for the same
    /// reason as ``string(from:)``: a batch stamps thousands of events, and a date formatter per
    /// event cost more than recording it.
    public static func seconds(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let second = seconds - day.dayNumber * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(day)T\(two(second / 3_600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }
}
