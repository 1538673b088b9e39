import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Shadow billing: a candidate version re-rates a past cycle, issuing nothing.
extension RatingService {
    func shadowBill(_ request: Settle_Rating_V1_ShadowBillRequest, context: ServerContext) async throws -> Settle_Rating_V1_ShadowBillResponse {
        _ = try RatingError.period(request.period)
        let (version, bills) = try await store.read { db in
            (try TariffStore.version(request.code, request.version, in: db),
             try BillStore.shadowed(cycle: request.cycle, period: request.period, tariffCode: request.code, in: db))
        }
        let terms = try TariffTerms(version)
        return try await offTheEventLoop {
            let rater = BillRater(code: request.code, versions: [terms], wholePeriod: true)
            var response = Settle_Rating_V1_ShadowBillResponse()
            var impact: [String: Settle_Rating_V1_ClassImpact] = [:]
            for bill in bills {
                var difference = Settle_Rating_V1_ShadowDifference()
                difference.billID = bill.id
                difference.agreementID = bill.agreementID
                difference.accountNumber = bill.accountNumber
                difference.rateClass = bill.rateClass
                difference.currentCents = bill.rated.totalCents
                do {
                    difference.candidateCents = try rater.rate(try RatingInput(bill.input)).totalCents
                } catch let error as RPCError {
                    difference.problem = error.message
                    difference.candidateCents = bill.rated.totalCents
                }
                difference.differenceCents = difference.candidateCents - difference.currentCents
                response.differences.append(difference)
                var entry = impact[bill.rateClass] ?? Settle_Rating_V1_ClassImpact()
                entry.rateClass = bill.rateClass
                entry.bills += 1
                entry.currentCents += difference.currentCents
                entry.candidateCents += difference.candidateCents
                entry.differenceCents += difference.differenceCents
                impact[bill.rateClass] = entry
                response.bills += 1
                response.currentCents += difference.currentCents
                response.candidateCents += difference.candidateCents
            }
            response.impact = impact.values.sorted { $0.rateClass < $1.rateClass }.map { entry in
                var entry = entry
                // Percent with 2 decimals: difference × 10,000 / current, as hundredths.
                let hundredths = entry.currentCents == 0 ? 0 : Rounding.halfUp.divide(Int128(entry.differenceCents) * 10_000, by: Int128(entry.currentCents))
                entry.percent = Micros.format(hundredths * 10_000, decimals: 2)
                return entry
            }
            return response
        }
    }
}
