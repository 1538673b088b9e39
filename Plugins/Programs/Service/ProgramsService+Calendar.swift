import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The holiday calendar's methods: list years of it, set the utility's own days.
extension ProgramsService {
    func listHolidays(_ request: Settle_Programs_V1_ListHolidaysRequest, context: ServerContext) async throws -> Settle_Programs_V1_ListHolidaysResponse {
        guard !request.years.isEmpty else { throw ProgramsError.invalid("years", "give at least one year") }
        guard request.years.count <= HolidayCalendar.maximumYears else {
            throw ProgramsError.invalid("years", "\(request.years.count) years; at most \(HolidayCalendar.maximumYears) a call")
        }
        for (index, year) in request.years.enumerated() where !(1900...2200).contains(year) {
            throw ProgramsError.invalid("years[\(index)]", "\(year) is not a year 1900–2200")
        }
        let years = Set(request.years.map(Int.init)).sorted()
        return try await store.read { db in
            var response = Settle_Programs_V1_ListHolidaysResponse()
            for year in years { response.holidays += HolidayCalendar.year(year, utilityDays: try HolidayStore.utilityDays(year: year, in: db)) }
            return response
        }
    }

    func setHolidays(_ request: Settle_Programs_V1_SetHolidaysRequest, context: ServerContext) async throws -> Settle_Programs_V1_ListHolidaysResponse {
        let year = Int(request.year)
        guard (1900...2200).contains(year) else { throw ProgramsError.invalid("year", "\(request.year) is not a year 1900–2200") }
        let reason = try Self.requiredReason(request.reason, context: context, else: "changing the holiday calendar needs a reason")
        var days: [(LocalDate, String)] = []
        for (index, day) in request.days.enumerated() {
            let date = try ProgramsError.date(day.date, field: "days[\(index)].date")
            guard date.components.year == year else { throw ProgramsError.invalid("days[\(index)].date", "\(date) is not in \(year)") }
            let name = day.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ProgramsError.invalid("days[\(index)].name", "a holiday needs a name") }
            guard !days.contains(where: { $0.0 == date }) else { throw ProgramsError.invalid("days[\(index)].date", "\(date) is listed twice") }
            days.append((date, name))
        }
        let chosen = days
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try HolidayStore.utilityDays(year: year, in: db)
            try HolidayStore.replaceUtilityDays(year: year, with: chosen, in: db)
            let after = try HolidayStore.utilityDays(year: year, in: db)
            var response = Settle_Programs_V1_ListHolidaysResponse()
            response.holidays = HolidayCalendar.year(year, utilityDays: after)
            func json(_ days: [Settle_Programs_V1_Holiday]) -> String {
                "[" + days.map { "{\"date\":\"\($0.date)\",\"name\":\(JSONText.quoted($0.name))}" }.joined(separator: ",") + "]"
            }
            try audit.record(entity: "holidays/\(year)", before: json(before), after: json(after), reason: reason)
            return response
        }
    }
}
