import SettleContracts
import SettleDomain

/// The utility's one holiday calendar: NERC's six holidays by rule, then its own days.
enum HolidayCalendar {
    static let nercSource = "nerc"
    static let utilitySource = "utility"
    /// Years a `ListHolidays` call may ask at once (a billing period spans at most two).
    static let maximumYears = 10

    /// A year's calendar in date order: NERC's observed days and the utility's own (a
    /// utility day on a NERC holiday is listed once, as NERC's).
    static func year(_ year: Int, utilityDays: [Settle_Programs_V1_Holiday]) -> [Settle_Programs_V1_Holiday] {
        var days = NercHolidays.of(year: year).map { holiday in
            var day = Settle_Programs_V1_Holiday()
            day.date = holiday.observed.description
            day.name = holiday.name
            day.source = nercSource
            if holiday.actual != holiday.observed { day.actualDate = holiday.actual.description }
            return day
        }
        let nercDates = Set(days.map(\.date))
        days += utilityDays.filter { !nercDates.contains($0.date) }
        return days.sorted { $0.date < $1.date }
    }
}
