/// Use on a premise with no agreement in service during the whole period.
import SettleDomain

extension AgreementEvaluator {
    /// `vacant_use` when the premise used more than `vacant_use_wh` between the read that
    /// opens the period (or the last agreement's final read, if later) and the read that
    /// closes it. No closing read, no verdict: nobody is billed, so nothing is missing.
    func evaluateVacant(_ usage: PremiseUsage) -> ExceptionDraft? {
        let window = thresholds.readWindowDays
        let channel = usage.serviceType.primaryChannel
        var opening = closestBillingRead(to: previousReadDate, within: window, in: usage, after: nil)
            ?? usage.billingReads.last { calendar.localDate(of: $0.read.readAt) < previousReadDate.adding(days: -window) }
        if let end = agreement.endDate, let final = latestRead(on: end, in: usage, includingInstall: false),
           final.read.readAt > opening?.read.readAt ?? Int64.min, calendar.localDate(of: final.read.readAt) < readDate.adding(days: -window) {
            opening = final
        }
        guard let opening, let closing = closestBillingRead(to: readDate, within: window, in: usage, after: opening.read.readAt) else { return nil }
        let used = RegisterUsage.compute(usage, channel: channel, from: opening.read.readAt, to: closing.read.readAt, calendar: calendar)
        guard used.isComplete, VEERules.vacantUse(consumption: used.total, thresholds: thresholds) else { return nil }
        let unit = channel.unit
        let from = calendar.localDate(of: opening.read.readAt)
        let to = calendar.localDate(of: closing.read.readAt)
        var draft = ExceptionDraft(
            type: .vacantUse, meter: closing.meter, channel: channel,
            measured: "\(Thousandths.format(used.total)) \(unit) used from \(from) to \(to) while premise \(usage.premiseID) had no agreement in service",
            comparedWith: "\(Thousandths.format(thresholds.vacantUseWh)) \(unit) allowed on a vacant premise")
        draft.readAt = closing.read.readAt
        draft.startAt = opening.read.readAt
        draft.measuredValue = used.total
        draft.comparedValue = thresholds.vacantUseWh
        return draft
    }
}
