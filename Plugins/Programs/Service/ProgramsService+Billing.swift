import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The billing run's one call per batch: enrolments in force and wastewater volumes, with
/// the batch's water use recorded for next winter's averages.
extension ProgramsService {
    /// The most agreements one batch may carry.
    static let maximumBatch = 10_000

    func prepareBilling(_ request: Settle_Programs_V1_PrepareBillingRequest, context: ServerContext) async throws -> Settle_Programs_V1_PrepareBillingResponse {
        guard request.agreements.count <= Self.maximumBatch else {
            throw ProgramsError.invalid("agreements", "\(request.agreements.count) agreements; at most \(Self.maximumBatch) a call")
        }
        var periods: [(Settle_Programs_V1_BillingAgreement, LocalDate, LocalDate)] = []
        periods.reserveCapacity(request.agreements.count)
        for (index, item) in request.agreements.enumerated() {
            let start = try ProgramsError.date(item.periodStart, field: "agreements[\(index)].period_start")
            let end = try ProgramsError.date(item.periodEnd, field: "agreements[\(index)].period_end")
            guard end > start else { throw ProgramsError.invalid("agreements[\(index)].period_end", "\(end) is not after period_start \(start)") }
            guard item.gallonsThousandths >= 0 else { throw ProgramsError.invalid("agreements[\(index)].gallons_thousandths", "\(item.gallonsThousandths) is negative") }
            periods.append((item, start, end))
        }
        let batch = periods
        let (plans, missed) = try await budgetFacts(request)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let periods = batch
            var recorded = 0
            for (item, start, end) in periods where item.billsWastewater {
                try WastewaterStore.recordUse(agreement: item.agreementID, start: start, end: end, gallonsThousandths: item.gallonsThousandths, in: db)
                recorded += 1
            }
            var response = Settle_Programs_V1_PrepareBillingResponse()
            let byAgreement = Dictionary(periods.map { ($0.0.agreementID, $0) }, uniquingKeysWith: { first, _ in first })
            let involved = try EnrolmentStore.involving(periods.map(\.0.agreementID), in: db)
            // The averaged agreements' winters, read for the whole batch at once (a batch's
            // periods nearly always fall in one averaging year).
            var averaged: [(agreement: UInt64, account: String, rateClass: String, year: Int, days: Int, actual: Int64)] = []
            let policy = try WastewaterStore.policy(in: db)
            for enrolment in involved {
                let inForce = enrolment.allAgreements.contains { id in byAgreement[id].map { enrolment.inForce(from: $0.0.periodStart, to: $0.0.periodEnd) } ?? false }
                guard inForce else { continue }
                response.enrolments.append(enrolment)
                guard enrolment.kind == ProgramKind.wastewaterAverage.rawValue, let (item, start, end) = byAgreement[enrolment.agreementID], item.billsWastewater else { continue }
                averaged.append((item.agreementID, item.accountNumber, item.rateClass.isEmpty ? enrolment.rateClass : item.rateClass,
                                 WastewaterPolicyRules.averageYear(forPeriodEndingOn: end, policy: policy), end - start, item.gallonsThousandths))
            }
            var averages: [UInt64: WinterAverage] = [:]
            for (year, members) in Dictionary(grouping: averaged, by: \.year) {
                averages.merge(try WastewaterStore.averages(members.map { ($0.agreement, $0.account, $0.rateClass) }, year: year, policy: policy, in: db)) { first, _ in first }
            }
            for item in averaged {
                guard let average = averages[item.agreement] else { continue }
                response.wastewater.append(average.billing(agreement: item.agreement, actualThousandths: item.actual, days: item.days))
            }
            // Solar: the bank each bill starts from (`SolarBankStore`).
            response.solar = try Self.solarBalances(response.enrolments, periods: byAgreement.mapValues { ($0.0.billID, $0.0.periodStart) }, in: db)
            if !plans.isEmpty {
                let ends = Dictionary(periods.map { ($0.0.agreementID, $0.2) }, uniquingKeysWith: { first, _ in first })
                response.budget = Self.budgetInstallments(plans, missed: missed, periods: ends, rules: BudgetRules(try BudgetStore.policy(in: db)))
            }
            if recorded > 0 {
                try audit.record(entity: "water_use/\(request.idempotencyKey)", after: "{\"periods_recorded\":\(recorded)}",
                                 reason: audit.reason.isEmpty ? "water use of a billing batch" : audit.reason)
            }
            return response
        }
    }
}
