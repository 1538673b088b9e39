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
        return try await offTheEventLoop {
            let load = try LoadProfile.parse(csv)
            return try Simulator(terms: terms, explain: request.explain).simulate(load)
        }
    }
}
