import SettleContracts

/// An agreement's rate schedule for a billing period, after a rate change (Accounts'
/// `ChangeRateSchedule`, e.g. a time-of-use enrolment): a period that opens before the
/// change's first day bills on the schedule before it.
///
/// Metering's determinants carry the schedule the agreement had when VEE established the
/// period, which may be the new one already; the run asks Accounts' answer instead.
extension Settle_Accounts_V1_ServiceAgreement {
    func rateSchedule(forPeriodStarting start: String) -> String {
        guard !rateScheduleFrom.isEmpty, !previousRateSchedule.isEmpty, !start.isEmpty, start < rateScheduleFrom else { return rateSchedule }
        return previousRateSchedule
    }

    /// Every schedule the agreement may bill on: the current one and, after a change, the one before.
    var rateSchedules: [String] { previousRateSchedule.isEmpty ? [rateSchedule] : [rateSchedule, previousRateSchedule] }
}

extension Settle_Metering_V1_BillingDeterminants {
    /// The determinants with the schedule Accounts says applies to their period.
    func withRateSchedule(of agreement: Settle_Accounts_V1_ServiceAgreement?) -> Settle_Metering_V1_BillingDeterminants {
        guard let agreement else { return self }
        let schedule = agreement.rateSchedule(forPeriodStarting: periodStart)
        guard schedule != rateSchedule else { return self }
        var changed = self
        changed.rateSchedule = schedule
        return changed
    }
}
