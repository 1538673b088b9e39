import SettleContracts
import SettleDomain
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
        let programs = try await SimulationPrograms.resolve(request, programs: programs, timeZone: timeZone)
        let tariffCode = programs.tariffCode
        let version = try await store.read { db -> Settle_Rating_V1_TariffVersion in
            if request.version != 0 { return try TariffStore.version(tariffCode, request.version, in: db) }
            let all = try TariffStore.versions(tariffCode, in: db)
            if all.isEmpty, try TariffStore.tariff(tariffCode, in: db) == nil { throw RatingError.unknownTariff(tariffCode) }
            guard let chosen = all.last(where: { $0.status == "active" }) ?? all.last else {
                throw RatingError.failedPrecondition("tariff \(tariffCode) has no version to simulate")
            }
            return chosen
        }
        let terms = try TariffTerms(version)
        let files = [request.loadCsv] + request.memberLoadCsv
        let loads = try await offTheEventLoop { () throws -> [LoadProfile] in
            var loads: [LoadProfile] = []
            for (position, file) in files.enumerated() {
                do { loads.append(try LoadProfile.parse(file)) } catch let error as RPCError {
                    guard position > 0, error.message.hasPrefix("load_csv") else { throw error }
                    throw RPCError(error.code, "member_load_csv[\(position - 1)]" + error.message.dropFirst("load_csv".count))
                }
            }
            return loads
        }
        let load = loads[0]
        // The utility's holidays of the profile's years (one call), priced on the weekend table.
        var calendar = Set<LocalDate>()
        if let first = load.days.first, let last = load.days.last {
            let from = LocalDate(dayNumber: Int(first)).components.year, to = LocalDate(dayNumber: Int(last)).components.year
            calendar = Set(try await self.programs.holidays(years: from...min(max(from, to), from + 9)).compactMap { LocalDate($0) })
        }
        let holidays = calendar
        let method = programs.demandMethod
        var asked = request
        if let enrolled = programs.solar {
            asked.metering = enrolled.metering
            asked.trueUpMonth = enrolled.trueUpMonth
            asked.yearendSellRate = enrolled.yearendSellRate
            asked.rollover = enrolled.rollover
            asked.creditExpiryMonths = enrolled.creditExpiryMonths
        }
        let solar = try SolarTermsInput.simulating(asked)
        var response = try await offTheEventLoop {
            var simulator = Simulator(terms: terms, explain: request.explain, calendar: holidays)
            simulator.solar = solar
            return try simulator.simulate(loads, demandMethod: method)
        }
        response.notes = programs.notes
        return response
    }
}
