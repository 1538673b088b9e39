import SettleContracts

/// The utility's holiday calendar as Rating's time-of-use rating reads it: one
/// `ListHolidays` call to Programs for a run (or a rebill, a final bill, a comparison),
/// covering every year its periods touch.
///
/// Holidays price on the weekend table. The calendar is the utility's one list (NERC's six
/// with observance, and the city's own days); a tariff that names holidays of its own keeps
/// them too, so a tariff written for a neighbouring utility's calendar still rates as filed.
extension ProgramsV1.Client {
    func holidays(years: ClosedRange<Int>) async throws -> [String] {
        var request = Settle_Programs_V1_ListHolidaysRequest()
        request.years = years.map(Int32.init)
        return try await listHolidays(request).holidays.map(\.date)
    }
}
