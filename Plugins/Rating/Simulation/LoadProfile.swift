import Foundation
import SettleDomain
import SettleRPC

/// A load profile from CSV: `start,delivered_kwh,received_kwh`, one row per interval.
///
/// `start` is the interval's local wall-clock start ("2018-01-01T00:15"); rows are taken as
/// consecutive intervals in file order and never dropped or merged around DST changes (the
/// spring-forward day simply has fewer rows, the fall-back day repeats an hour's labels).
/// Values are kWh with any number of decimals, kept to millionths (half away from zero).
struct LoadProfile: Sendable {
    var days: [Int32] = []
    /// Minute of the day of each row's label.
    var minutes: [Int16] = []
    var delivered: [Int64] = []
    var received: [Int64] = []
    var intervalMinutes = 60

    var count: Int { days.count }

    static func parse(_ data: Data) throws(RPCError) -> LoadProfile {
        var profile = LoadProfile()
        let bytes = [UInt8](data)
        var line = 0
        var index = 0
        var sawHeader = false
        profile.days.reserveCapacity(bytes.count / 24)
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            line += 1
            var stop = end
            if stop > index, bytes[stop - 1] == 13 { stop -= 1 }
            let row = bytes[index..<stop]
            index = end + 1
            if row.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            if !sawHeader {
                let header = String(decoding: row, as: UTF8.self).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard header == ["start", "delivered_kwh", "received_kwh"] || header == ["start", "delivered_kwh"] else {
                    throw RatingError.invalid("load_csv", "line \(line): the header must be start,delivered_kwh,received_kwh (found '\(String(decoding: row, as: UTF8.self))')")
                }
                sawHeader = true
                continue
            }
            try profile.append(row: row, line: line)
        }
        guard profile.count > 0 else { throw RatingError.invalid("load_csv", "no interval rows after the header") }
        if profile.count > 1 {
            let first = Int(profile.days[0]) * 1_440 + Int(profile.minutes[0])
            let second = Int(profile.days[1]) * 1_440 + Int(profile.minutes[1])
            guard second - first == 15 || second - first == 60 else {
                throw RatingError.invalid("load_csv", "rows must be 15- or 60-minute intervals; the first two are \(second - first) minutes apart")
            }
            profile.intervalMinutes = second - first
        }
        return profile
    }

    private mutating func append(row: ArraySlice<UInt8>, line: Int) throws(RPCError) {
        // Three fields split by commas, without allocating per row.
        var commas: (Int, Int) = (-1, -1)
        var count = 0
        for position in row.indices where row[position] == 44 {
            count += 1
            if count == 1 { commas.0 = position } else if count == 2 { commas.1 = position }
        }
        guard count == 1 || count == 2 else {
            throw RatingError.invalid("load_csv", "line \(line): expected 3 fields (start,delivered_kwh,received_kwh), found \(count + 1)")
        }
        let startField = row[row.startIndex..<commas.0]
        let deliveredField = row[(commas.0 + 1)..<(count == 2 ? commas.1 : row.endIndex)]
        let receivedField = count == 2 ? row[(commas.1 + 1)..<row.endIndex] : row[row.endIndex..<row.endIndex]
        guard let (day, minute) = Self.timestamp(startField) else {
            throw RatingError.invalid("load_csv", "line \(line): start '\(String(decoding: startField, as: UTF8.self))' is not a local time YYYY-MM-DDTHH:MM")
        }
        guard let delivered = Self.quantity(deliveredField) else {
            throw RatingError.invalid("load_csv", "line \(line): delivered_kwh '\(String(decoding: deliveredField, as: UTF8.self))' is not a non-negative number")
        }
        var received: Int64 = 0
        if !receivedField.allSatisfy({ $0 == 32 }) {
            guard let value = Self.quantity(receivedField) else {
                throw RatingError.invalid("load_csv", "line \(line): received_kwh '\(String(decoding: receivedField, as: UTF8.self))' is not a non-negative number")
            }
            received = value
        }
        days.append(Int32(day))
        minutes.append(Int16(minute))
        self.delivered.append(delivered)
        self.received.append(received)
    }

    /// A non-negative decimal in millionths, digits beyond the 6th rounded half up.
    static func quantity(_ field: ArraySlice<UInt8>) -> Int64? {
        Micros.parseUnsigned(bytes: field, roundExtra: true)
    }

    /// "YYYY-MM-DDTHH:MM" (also with ":SS" or a space for "T") → (day number, minute of day).
    static func timestamp(_ field: ArraySlice<UInt8>) -> (Int, Int)? {
        var lower = field.startIndex
        var upper = field.endIndex
        while lower < upper, field[lower] == 32 { lower += 1 }
        while upper > lower, field[upper - 1] == 32 { upper -= 1 }
        guard let (time, length) = LocalWallTime.prefix(of: field[lower..<upper]), length == upper - lower else { return nil }
        return (time.date.dayNumber, time.secondOfDay / 60)
    }
}
