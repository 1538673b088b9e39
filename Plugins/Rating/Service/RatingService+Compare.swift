import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Comparing one agreement's bills under another tariff (`settle program tou-compare`): what
/// a switch to time of use would have cost or saved over the last months, issuing nothing.
///
/// Each bill is re-rated from its stored input (so program effects stay as billed), with the
/// candidate's time-of-use determinants asked of Metering for every period in one request.
extension RatingService {
    /// The most months a comparison covers.
    static let maximumComparedMonths: UInt32 = 36

    func compareTariffs(_ request: Settle_Rating_V1_CompareTariffsRequest, context: ServerContext) async throws -> Settle_Rating_V1_CompareTariffsResponse {
        guard request.agreementID != 0 else { throw RatingError.invalid("agreement_id", "an agreement id is required") }
        guard !request.candidateCode.isEmpty else { throw RatingError.invalid("candidate_code", "the tariff to compare with is required") }
        let months = request.months == 0 ? 12 : request.months
        guard months <= Self.maximumComparedMonths else { throw RatingError.invalid("months", "\(months) months; at most \(Self.maximumComparedMonths)") }
        let (bills, terms) = try await store.read { db in
            // Issued bills (a rebill replaces its original, which is cancelled), newest first.
            let bills = try BillStore.issued(agreementID: request.agreementID, in: db)
            return (bills, try TariffStore.activeTerms(request.candidateCode, in: db))
        }
        let chosen = Self.lastMonths(bills, months: Int(months))
        var response = Settle_Rating_V1_CompareTariffsResponse()
        response.agreementID = request.agreementID
        response.candidateCode = request.candidateCode
        guard !chosen.isEmpty else { return response }
        let determinants = try await candidateTimeOfUse(chosen, code: request.candidateCode, terms: terms)
        let rater = BillRater(code: request.candidateCode, versions: terms, wholePeriod: false)
        for bill in chosen {
            var row = Settle_Rating_V1_TariffComparison()
            row.billID = bill.id
            row.periodStart = bill.input.periodStart
            row.periodEnd = bill.input.periodEnd
            row.currentCode = bill.tariffCode
            row.currentCents = bill.rated.totalCents
            var input = bill.input
            if let found = determinants[bill.id] {
                if !found.problem.isEmpty { row.problem = found.problem }
                input.touWh = found.usesIntervals ? found.touWh : []
                input.touMaxDemandW = found.usesIntervals ? found.touMaxDemandW : []
                input.touReceivedWh = found.usesIntervals ? found.touReceivedWh : []
            }
            if row.problem.isEmpty {
                do {
                    row.candidateCents = try rater.rate(try RatingInput(input)).totalCents
                } catch {
                    row.problem = error.message
                }
            }
            if !row.problem.isEmpty { row.candidateCents = row.currentCents }
            row.differenceCents = row.candidateCents - row.currentCents
            response.bills.append(row)
            response.currentCents += row.currentCents
            response.candidateCents += row.candidateCents
        }
        response.bills.reverse()
        response.differenceCents = response.candidateCents - response.currentCents
        return response
    }

    /// The newest bills whose periods end within `months` months of the newest one's end.
    static func lastMonths(_ newestFirst: [Settle_Rating_V1_Bill], months: Int) -> [Settle_Rating_V1_Bill] {
        guard let newest = newestFirst.first.flatMap({ LocalDate($0.input.periodEnd) }) else { return [] }
        let after = newest.adding(months: -months)
        var seen = Set<String>()
        return newestFirst.filter { bill in
            guard let end = LocalDate(bill.input.periodEnd), end > after, seen.insert(bill.input.periodStart).inserted else { return false }
            return true
        }
    }

    /// Each bill's time-of-use determinants under the candidate's schedules (with the
    /// utility's holidays), in one request to Metering; empty when the candidate prices
    /// neither energy nor demand by time of use. A bill whose program shaped its determinants
    /// (a totalized group) cannot be split by one meter's intervals and says so.
    private func candidateTimeOfUse(_ bills: [Settle_Rating_V1_Bill], code: String, terms: [TariffTerms]) async throws -> [String: Settle_Metering_V1_BillingDeterminants] {
        let years = bills.compactMap { LocalDate($0.input.periodStart)?.components.year } + bills.compactMap { LocalDate($0.input.periodEnd)?.components.year }
        guard let last = terms.last, let first = years.min(), let end = years.max() else { return [:] }
        let holidays = try await programs.holidays(years: first...min(end, first + 9))
        guard let schedules = BillingRunner.schedules(for: last, holidays: holidays) else { return [:] }
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.tou = schedules.tou
        request.demandTou = schedules.demand
        var ids: [String] = []
        var found: [String: Settle_Metering_V1_BillingDeterminants] = [:]
        for bill in bills {
            if bill.input.programNotes.contains(where: { $0.hasPrefix("Totalized") }) {
                var problem = Settle_Metering_V1_BillingDeterminants()
                problem.problem = "a totalized group's bill: its meters' time-of-use figures are not compared one meter at a time"
                found[bill.id] = problem
                continue
            }
            request.items.append(.init(periodOf: bill))
            ids.append(bill.id)
        }
        guard !request.items.isEmpty else { return found }
        request.batchSize = 2_000
        // Metering answers explicit items in the order asked.
        var answers: [Settle_Metering_V1_BillingDeterminants] = []
        for try await batch in try await metering.getBillingDeterminants(request) { answers += batch.determinants }
        for (id, answer) in zip(ids, answers) {
            var item = answer
            if item.problem.isEmpty, !item.usesIntervals { item.problem = "no interval data for the period: \(code) prices kWh by time of use" }
            found[id] = item
        }
        return found
    }
}
