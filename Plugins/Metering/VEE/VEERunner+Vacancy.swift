import GRDB
import SettleContracts
import SettleDomain

/// The vacant-use rule for premises with no agreement in the period.
extension VEERunner {
    /// Evaluates one vacant premise and stores its `vacant_use` exception (owned by the
    /// premise's last agreement; informational, it holds no bill).
    func checkVacant(
        _ premise: Vacancy.Premise, schedule: ReadSchedule, thresholds: [String: VEEThresholds], runID: Int64, decided: Set<String>,
        response: inout Settle_Metering_V1_RunVeeResponse, in db: Database
    ) throws {
        let limits = VEEThresholds.resolve(premise.lastAgreement.rateClass, in: thresholds)
        let readDate = schedule.readDate(period)
        let previousReadDate = schedule.readDate(period.adding(months: -1))
        let usage = try PremiseUsage.load(
            premiseID: premise.premiseID, serviceType: premise.serviceType, from: previousReadDate.adding(days: -40),
            to: readDate.adding(days: limits.readWindowDays + 1), intervalsFrom: readDate, intervalsTo: readDate, in: db, calendar: calendar)
        let evaluator = AgreementEvaluator(agreement: premise.lastAgreement, thresholds: limits, schedule: schedule, period: period, calendar: calendar, autoEstimate: false)
        guard let draft = evaluator.evaluateVacant(usage) else { return }
        let key = "\(Int64(bitPattern: premise.lastAgreement.id))/\(draft.type.rawValue)/\(draft.meter?.serial ?? "")/\(draft.basis)"
        guard !decided.contains(key) else { return }
        try VEEExceptionStore.insert(draft, owner: VEEExceptionStore.Owner(runID: runID, cycle: cycle, period: period, agreement: premise.lastAgreement), in: db)
        response.exceptions += 1
        response.withExceptions += 1
        response.byType[draft.type.rawValue, default: 0] += 1
    }
}
