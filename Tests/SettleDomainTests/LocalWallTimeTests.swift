import SettleDomain
import Testing

@Suite("Local wall times in read files and load profiles")
struct LocalWallTimeTests {
    static func read(_ text: String) -> (LocalWallTime, Int)? {
        LocalWallTime.prefix(of: Array(text.utf8)[...]).map { ($0.time, $0.length) }
    }

    @Test("minutes, seconds, a space for the T, and the length read so a zone can follow", arguments: [
        ("2024-03-10T02:30", 9_000, 16), ("2024-03-10 02:30", 9_000, 16), ("2024-03-10T02:30:15", 9_015, 19),
        ("2024-03-10T23:59:59Z", 86_399, 19), ("2024-03-10T00:00-05:00", 0, 16),
    ])
    func read(text: String, second: Int, length: Int) throws {
        let (time, read) = try #require(Self.read(text))
        #expect(time.date == LocalDate(year: 2024, month: 3, day: 10))
        #expect(time.secondOfDay == second)
        #expect(read == length)
        #expect(time.wallSeconds == Int64(time.date.dayNumber) * 86_400 + Int64(second))
    }

    @Test("anything else is no wall time", arguments: [
        "", "2024-03-10", "2024-03-10T2:30", "2024-03-10T24:00", "2024-03-10T12:60", "2024-02-30T00:00", "2024-03-10X02:30",
        "2024-03-10T02:30:", "2024-03-10T02:30:6", "2024-03-10T02:30:60", "2024/03/10T02:30", "+024-03-10T02:30", "2024-03-10T-2:30",
    ])
    func refused(text: String) {
        #expect(Self.read(text) == nil)
    }
}
