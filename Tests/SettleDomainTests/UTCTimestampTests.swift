import Foundation
import SettleDomain
import Testing

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test("ISO-8601 with milliseconds", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.123, "2000-02-29T00:00:00.123Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (1_735_689_599.999, "2024-12-31T23:59:59.999Z"),
        (1_700_000_000.5, "2023-11-14T22:13:20.500Z"),
        (1_582_934_400.0, "2020-02-29T00:00:00.000Z"),
        (-62_135_596_800.0, "0001-01-01T00:00:00.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (-1e15, "0001-01-01T00:00:00.000Z"),
    ])
    func format(seconds: Double, text: String) {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: seconds)) == text)
    }
}

@Suite("UTC timestamps to the second")
struct UTCTimestampSecondsTests {
    @Test("ISO-8601 to the whole second, rounded down", arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (0.999, "1970-01-01T00:00:00Z"),
        (-0.5, "1969-12-31T23:59:59Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (1_796_239_325.7, "2026-12-02T19:22:05Z"),
    ])
    func format(seconds: Double, text: String) {
        #expect(UTCTimestamp.seconds(from: Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("the same text a Foundation ISO-8601 formatter writes")
    func matchesFoundation() {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -86_400 * 400, through: 86_400 * 40_000, by: 86_400 * 37 + 3_671) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(UTCTimestamp.seconds(from: date) == formatter.string(from: date))
        }
    }
}
