import SettleContracts
import SettleDomain

/// Where the disconnection calendar learns the utility's holidays: the one calendar
/// Programs owns (NERC's six with observance, and the city's own days), read once per
/// eligibility run for the days it decides.
protocol HolidaySource: Sendable {
    /// Holidays (day numbers) of the years `days` touch, including the next day's year (the
    /// day before a holiday is no disconnection day either).
    func holidays(around days: ClosedRange<Int>) async throws -> Set<Int>
}

/// The holiday calendar from Programs' `ListHolidays`, one call.
struct ProgramsHolidaySource: HolidaySource {
    let client: ProgramsV1.Client

    func holidays(around days: ClosedRange<Int>) async throws -> Set<Int> {
        let from = LocalDate(dayNumber: days.lowerBound).components.year, to = LocalDate(dayNumber: days.upperBound + 1).components.year
        var request = Settle_Programs_V1_ListHolidaysRequest()
        request.years = (from...max(from, min(to, from + 9))).map(Int32.init)
        return Set(try await client.listHolidays(request).holidays.compactMap { LocalDate(plausible: $0.date)?.dayNumber })
    }
}
