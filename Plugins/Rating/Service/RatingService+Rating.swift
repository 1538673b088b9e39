import SettleContracts
import SettleModuleSDK
import SettleRPC

/// Rating determinants and simulating load profiles.
extension RatingService {
    func calculateBill(_ request: Settle_Rating_V1_CalculateBillRequest, context: ServerContext) async throws -> Settle_Rating_V1_RatedBill {
        let input = try RatingInput(request.input)
        let (terms, whole) = try await store.read { db -> ([TariffTerms], Bool) in
            if request.version != 0 { return ([try TariffTerms(try TariffStore.version(request.tariffCode, request.version, in: db))], true) }
            return (try TariffStore.activeTerms(request.tariffCode, in: db), false)
        }
        return try BillRater(code: request.tariffCode, versions: terms, wholePeriod: whole).rate(input)
    }

    func simulateBill(_ request: Settle_Rating_V1_SimulateBillRequest, context: ServerContext) async throws -> Settle_Rating_V1_SimulateBillResponse {
        let version = try await store.read { db -> Settle_Rating_V1_TariffVersion in
            if request.version != 0 { return try TariffStore.version(request.tariffCode, request.version, in: db) }
            let all = try TariffStore.versions(request.tariffCode, in: db)
            if all.isEmpty, try TariffStore.tariff(request.tariffCode, in: db) == nil { throw RatingError.unknownTariff(request.tariffCode) }
            guard let chosen = all.last(where: { $0.status == "active" }) ?? all.last else {
                throw RatingError.failedPrecondition("tariff \(request.tariffCode) has no version to simulate")
            }
            return chosen
        }
        let terms = try TariffTerms(version)
        let csv = request.loadCsv
        let load = try await offTheEventLoop { try LoadProfile.parse(csv) }
        // The utility's holidays of the profile's years (one call), priced on the weekend table.
        var calendar = Set<LocalDate>()
        if let first = load.days.first, let last = load.days.last {
            let from = LocalDate(dayNumber: Int(first)).components.year, to = LocalDate(dayNumber: Int(last)).components.year
            calendar = Set(try await programs.holidays(years: from...min(max(from, to), from + 9)).compactMap { LocalDate($0) })
        }
        let holidays = calendar
        return try await offTheEventLoop {
            try Simulator(terms: terms, explain: request.explain, calendar: holidays).simulate(load)
        }
    }
}
