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

@Suite("UTC timestamps read back")
struct UTCTimestampParseTests {
    @Test("both written forms read back to their instant", arguments: [
        -62_135_596_800.0, -0.001, 0.0, 951_782_400.123, 1_796_239_325.0, 253_402_300_799.999,
    ])
    func roundTrip(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(UTCTimestamp.instant(from: UTCTimestamp.string(from: date)) == date)
        let whole = Date(timeIntervalSince1970: seconds.rounded(.down))
        #expect(UTCTimestamp.instant(from: UTCTimestamp.seconds(from: date)) == whole)
    }

    @Test("text that is not contract UTC text is nil", arguments: [
        "", "2026-12-07", "2026-12-07T00:38:05", "2026-12-07 00:38:05Z", "2026-12-07T24:00:00Z",
        "2026-12-07T00:60:00Z", "2026-02-30T00:00:00Z", "2026-12-07T00:38:05.12Z", "2026-12-07T0a:38:05Z",
        "2026-12-07T00:38:05+01:00",
    ])
    func refused(text: String) {
        #expect(UTCTimestamp.instant(from: text) == nil)
    }

    @Test("a record written just after UTC midnight falls on the evening before in Chicago")
    func localDay() throws {
        let instant = try #require(UTCTimestamp.instant(from: "2026-12-07T00:38:34.196Z"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "America/Chicago")!).description == "2026-12-06")
    }
}
