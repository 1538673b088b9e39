import Foundation
import SettleDomain
import Testing

@Suite("LocalDate in a time zone")
struct LocalDateTimeZoneTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    @Test("an instant falls on the utility's local day")
    func localDay() {
        // 2025-03-01T05:30:00Z is 23:30 on 2025-02-28 in Chicago (UTC−6).
        let instant = Date(timeIntervalSince1970: 1_740_807_000)
        #expect(LocalDate(instant, in: chicago).description == "2025-02-28")
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!).description == "2025-03-01")
        #expect(LocalDate.today(in: chicago, now: instant).description == "2025-02-28")
    }

    @Test("summer time moves the day boundary by an hour")
    func daylightSaving() {
        // 2025-07-01T04:30:00Z is 23:30 on 2025-06-30 in Chicago (UTC−5).
        #expect(LocalDate(Date(timeIntervalSince1970: 1_751_344_200), in: chicago).description == "2025-06-30")
        // 2025-07-01T05:30:00Z is 00:30 on 2025-07-01.
        #expect(LocalDate(Date(timeIntervalSince1970: 1_751_347_800), in: chicago).description == "2025-07-01")
    }

    @Test("instants before 1970 round down to the earlier day")
    func beforeEpoch() {
        #expect(LocalDate(Date(timeIntervalSince1970: -1), in: TimeZone(identifier: "UTC")!).description == "1969-12-31")
        #expect(LocalDate(Date(timeIntervalSince1970: -0.5), in: TimeZone(identifier: "UTC")!).description == "1969-12-31")
    }
}
