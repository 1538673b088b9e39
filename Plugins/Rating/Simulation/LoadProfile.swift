import Foundation
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
        var fields: [ArraySlice<UInt8>] = []
        var start = row.startIndex
        for position in row.indices where row[position] == 44 {
            fields.append(row[start..<position])
            start = position + 1
        }
        fields.append(row[start..<row.endIndex])
        guard fields.count == 2 || fields.count == 3 else {
            throw RatingError.invalid("load_csv", "line \(line): expected 3 fields (start,delivered_kwh,received_kwh), found \(fields.count)")
        }
        guard let (day, minute) = Self.timestamp(fields[0]) else {
            throw RatingError.invalid("load_csv", "line \(line): start '\(String(decoding: fields[0], as: UTF8.self))' is not a local time YYYY-MM-DDTHH:MM")
        }
        guard let delivered = Micros.parse(String(decoding: fields[1], as: UTF8.self), maxDecimals: 6, roundExtra: true), delivered >= 0 else {
            throw RatingError.invalid("load_csv", "line \(line): delivered_kwh '\(String(decoding: fields[1], as: UTF8.self))' is not a non-negative number")
        }
        var received: Int64 = 0
        if fields.count == 3, !fields[2].allSatisfy({ $0 == 32 }) {
            guard let value = Micros.parse(String(decoding: fields[2], as: UTF8.self), maxDecimals: 6, roundExtra: true), value >= 0 else {
                throw RatingError.invalid("load_csv", "line \(line): received_kwh '\(String(decoding: fields[2], as: UTF8.self))' is not a non-negative number")
            }
            received = value
        }
        days.append(Int32(day.dayNumber))
        minutes.append(Int16(minute))
        self.delivered.append(delivered)
        self.received.append(received)
    }

    /// "YYYY-MM-DDTHH:MM" (also with ":SS" or a space for "T").
    static func timestamp(_ field: ArraySlice<UInt8>) -> (LocalDate, Int)? {
        var bytes = Array(field)
        while let last = bytes.last, last == 32 { bytes.removeLast() }
        while let first = bytes.first, first == 32 { bytes.removeFirst() }
        guard bytes.count == 16 || bytes.count == 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == 32, bytes[13] == UInt8(ascii: ":"),
              let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = Int(String(decoding: bytes[11..<13], as: UTF8.self)), let minute = Int(String(decoding: bytes[14..<16], as: UTF8.self)),
              (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return (date, hour * 60 + minute)
    }
}
