import Foundation
import SettleDomain

/// Converts between UTC instants and local dates in the utility's time zone.
///
/// Interval timestamps are stored in UTC and grouped into local days; a local day lasts 23
/// or 25 hours on DST changes, so a day of 15-minute intervals has 92 or 100 slots. Offsets
/// come from a table of the zone's transitions (built once from Foundation), so the hot
/// path of an import is a binary search, not a call into ICU per value.
final class ZoneCalendar: Sendable {
    let timeZone: TimeZone
    /// Transition instants (UTC seconds), ascending, and the offset in force from each.
    private let transitions: [Int64]
    private let offsets: [Int32]
    private let initialOffset: Int32

    init(timeZone: TimeZone, fromYear: Int = 1990, toYear: Int = 2100) {
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
    func offset(at instant: Int64) -> Int64 {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return Int64(low == 0 ? initialOffset : offsets[low - 1])
    }

    /// The local date an instant falls on.
    func localDate(of instant: Int64) -> LocalDate {
        let local = instant + offset(at: instant)
        return LocalDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// The local hour (0–23) an instant falls in.
    func localHour(of instant: Int64) -> Int {
        let local = instant + offset(at: instant)
        let secondOfDay = ((local % 86_400) + 86_400) % 86_400
        return Int(secondOfDay / 3_600)
    }

    /// The instant local midnight starts `date`.
    func startOfDay(_ date: LocalDate) -> Int64 {
        let wall = Int64(date.dayNumber) * 86_400
        var guess = wall - offset(at: wall)
        // Settle on the offset in force at the guess (midnight is never inside a US gap).
        for _ in 0..<3 {
            let next = wall - offset(at: guess)
            if next == guess { break }
            guess = next
        }
        return guess
    }

    /// How long `date` lasts in seconds: 86,400, or 82,800 / 90,000 on DST changes.
    func secondsIn(_ date: LocalDate) -> Int64 {
        startOfDay(date.adding(days: 1)) - startOfDay(date)
    }

    /// How many intervals of `minutes` the local day holds (96 for 15 minutes; 92 or 100 on DST days).
    func slots(in date: LocalDate, minutes: Int) -> Int {
        Int(secondsIn(date) / Int64(minutes * 60))
    }
}
