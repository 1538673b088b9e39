import SettleContracts
import SettleDomain

/// Runs VEE for one agreement in one period: finds the period's opening and closing reads,
/// computes its use, applies every rule, and (when asked) estimates what is missing.
///
/// Pure: it works on a ``PremiseUsage`` snapshot and returns what to store, so each rule
/// can be tested on a known history without a database.
struct AgreementEvaluator {
    struct Outcome: Sendable {
        var startAt: Int64?
        var endAt: Int64?
        var consumption: Int64?
        var exceptions: [ExceptionDraft] = []
        /// Estimated register reads to write (auto-estimate).
        var estimatedReads: [RegisterReadRecord] = []
        /// Interval days rewritten with estimated slots (auto-estimate).
        var estimatedDays: [(meterID: Int64, channel: MeterChannel, day: Int, data: IntervalDay)] = []
    }

    let agreement: Agreement
    let thresholds: VEEThresholds
    let schedule: ReadSchedule
    let period: YearMonth
    let calendar: ZoneCalendar
    let autoEstimate: Bool

    var readDate: LocalDate { schedule.readDate(period) }
    var previousReadDate: LocalDate { schedule.readDate(period.adding(months: -1)) }

    func evaluate(_ original: PremiseUsage, previousEnd: Int64?) -> Outcome {
        var usage = original
        var outcome = Outcome()
        let channel = usage.serviceType.primaryChannel
        let window = thresholds.readWindowDays
        let movedIn = agreement.startDate > previousReadDate.adding(days: window)
        let movedOut = agreement.endDate.map { $0 <= readDate.adding(days: window) } ?? false

        guard !usage.segments.isEmpty else {
            outcome.exceptions.append(ExceptionDraft(
                type: .missingRead, meter: nil, channel: channel,
                measured: "no \(usage.serviceType.rawValue) meter was installed at premise \(usage.premiseID) in the period",
                comparedWith: "an agreement in service needs a meter (or a flat-rate service)"))
            return outcome
        }

        // Opening read.
        let start: (meter: MeterRecord, read: RegisterReadRecord)?
        if movedIn {
            start = latestRead(on: agreement.startDate, in: usage, includingInstall: true)
        } else if let previousEnd, let segment = usage.segment(at: previousEnd), let read = usage.read(of: segment.meter.id, channel: channel, at: previousEnd) {
            start = (segment.meter, read)
        } else {
            start = closestBillingRead(to: previousReadDate, within: window, in: usage, after: nil)
                ?? usage.billingReads.last { calendar.localDate(of: $0.read.readAt) < readDate.adding(days: -window) }
        }
        guard let start else {
            let what = movedIn ? "no start read on the move-in date \(agreement.startDate)" : "no read closes the previous period (scheduled \(previousReadDate))"
            outcome.exceptions.append(ExceptionDraft(type: .missingRead, meter: usage.segments.last?.meter, channel: channel, measured: what, comparedWith: "the previous period's closing read"))
            return outcome
        }
        outcome.startAt = start.read.readAt
        let history = UsageHistory(usage: usage, schedule: schedule, period: period, calendar: calendar)
        let comparison = history.comparison(minimum: thresholds.minHistoryWh)

        // Closing read.
        var end: (meter: MeterRecord, read: RegisterReadRecord)?
        var closeDate = readDate
        if movedOut, let endDate = agreement.endDate {
            closeDate = endDate
            end = latestRead(on: endDate, in: usage, includingInstall: false)
        } else {
            end = closestBillingRead(to: readDate, within: window, in: usage, after: start.read.readAt)
            if end == nil, let outside = usage.billingReads.last(where: {
                $0.read.readAt > start.read.readAt && calendar.localDate(of: $0.read.readAt) <= readDate.adding(days: 3 * window + 7)
            }) {
                end = outside
                let date = calendar.localDate(of: outside.read.readAt)
                var draft = ExceptionDraft(
                    type: .readOutsideWindow, meter: outside.meter, channel: channel,
                    measured: "read on \(date), \(abs(date - readDate)) days from the scheduled \(readDate)",
                    comparedWith: "a window of ±\(window) days for rate class '\(agreement.rateClass)'")
                draft.readAt = outside.read.readAt
                draft.startAt = start.read.readAt
                draft.measuredValue = Int64(date - readDate)
                draft.comparedValue = Int64(window)
                outcome.exceptions.append(draft)
            }
        }
        let periodDays = max(1, closeDate - calendar.localDate(of: start.read.readAt))
        let estimates = estimateOptions(usage: usage, start: start, closeDate: closeDate, days: periodDays, history: history)

        if end == nil {
            let instant = calendar.startOfDay(closeDate)
            var draft = ExceptionDraft(
                type: .missingRead, meter: usage.segment(at: instant)?.meter ?? start.meter, channel: channel,
                measured: movedOut ? "no final read on the move-out date \(closeDate)" : "no read within ±\(window) days of the scheduled \(closeDate)",
                comparedWith: "the cycle's read schedule")
            draft.readAt = instant
            draft.startAt = start.read.readAt
            draft.estimates = estimates
            if autoEstimate, let best = estimates.first, let meter = draft.meter {
                let read = RegisterReadRecord(meterID: meter.id, channel: channel, readAt: instant, value: best.registerValue, kind: .estimated)
                outcome.estimatedReads.append(read)
                usage.reads[meter.id, default: []].append(read)
                usage.reads[meter.id]?.sort { $0.readAt < $1.readAt }
                end = (meter, read)
                draft.status = "estimated"
                draft.resolution = "estimated by the VEE run: \(best.method) (\(best.basis))"
            }
            outcome.exceptions.append(draft)
        }
        guard let end else { return outcome }
        outcome.endAt = end.read.readAt

        // Use over the period.
        let register = RegisterUsage.compute(usage, channel: channel, from: start.read.readAt, to: end.read.readAt, calendar: calendar)
        for problem in register.problems {
            var draft = ExceptionDraft(type: .missingRead, meter: end.meter, channel: channel, measured: problem, comparedWith: "the meters installed at the premise in the period")
            draft.startAt = start.read.readAt
            outcome.exceptions.append(draft)
        }
        guard register.isComplete else { return outcome }
        let consumption = register.total
        let days = calendar.localDate(of: end.read.readAt) - calendar.localDate(of: start.read.readAt)
        func draft(_ type: ExceptionType, measured: String, comparedWith: String, measuredValue: Int64 = 0, comparedValue: Int64 = 0) -> ExceptionDraft {
            var draft = ExceptionDraft(type: type, meter: end.meter, channel: channel, measured: measured, comparedWith: comparedWith)
            draft.readAt = end.read.readAt
            draft.startAt = start.read.readAt
            draft.measuredValue = measuredValue
            draft.comparedValue = comparedValue
            draft.estimates = estimates
            return draft
        }
        let unit = channel.unit

        // Negative use that is not a plausible rollover.
        var negative = false
        for segment in register.segments where segment.rolledOver {
            let units = RegisterMath.wrappedDelta(previous: segment.start?.value ?? 0, current: segment.end.value, dials: segment.meter.dials)
            let segmentDays = max(1, calendar.localDate(of: segment.to) - calendar.localDate(of: segment.from))
            let segmentExpected = comparison.flatMap { Estimator.lastYear($0.period, days: segmentDays) }
            guard !VEERules.plausibleRollover(wrappedConsumption: segment.consumption, wrappedUnits: units, dials: segment.meter.dials, expected: segmentExpected, thresholds: thresholds) else { continue }
            negative = true
            let fall = (segment.start?.value ?? 0) - segment.end.value
            var found = draft(
                .negativeConsumption,
                measured: "meter \(segment.meter.serial) fell from \(segment.start?.value ?? 0) to \(segment.end.value) (−\(fall) register units); as a rollover it would be \(Thousandths.format(segment.consumption)) \(unit)",
                comparedWith: segmentExpected.map { "expected about \(Thousandths.format($0)) \(unit) from history; a rollover is plausible up to \(thresholds.rolloverMaxPercent) % of that and under half the \(segment.meter.dials)-dial register" }
                    ?? "a rollover is plausible only under half the \(segment.meter.dials)-dial register",
                measuredValue: -RegisterMath.thousandths(registerUnits: fall, multiplierMicros: segment.meter.multiplierMicros),
                comparedValue: segmentExpected ?? 0)
            found.meter = segment.meter
            found.readAt = segment.end.readAt
            outcome.exceptions.append(found)
        }

        // A fall VEE refused as a rollover gives no billable consumption: the period has no
        // use until a person edits, estimates or accepts the read (see RefusedRollovers).
        outcome.consumption = negative ? nil : consumption

        if !movedIn, !movedOut, let type = VEERules.periodLength(days: days, thresholds: thresholds) {
            outcome.exceptions.append(draft(type, measured: "\(days)-day period \(calendar.localDate(of: start.read.readAt)) to \(calendar.localDate(of: end.read.readAt))", comparedWith: "\(thresholds.minPeriodDays)–\(thresholds.maxPeriodDays) days allowed", measuredValue: Int64(days), comparedValue: Int64(type == .periodTooShort ? thresholds.minPeriodDays : thresholds.maxPeriodDays)))
        }

        if !negative {
            if consumption == 0, agreement.status == "active", !agreement.premiseVacant, !movedOut {
                outcome.exceptions.append(zeroUse(draft(.zeroUse, measured: "0 \(unit) over \(days) days", comparedWith: comparison.map { "\(Thousandths.format($0.period.consumption)) \(unit) over \($0.period.days) days in \($0.basis)" } ?? "an active, occupied account"), history: history))
            } else {
                outcome.exceptions += usageAgainstHistory(consumption: consumption, days: days, history: history, draft: draft)
            }
        }

        if movedOut, agreement.premiseVacant, let after = closestBillingRead(to: readDate, within: window, in: usage, after: end.read.readAt) {
            let vacant = RegisterUsage.compute(usage, channel: channel, from: end.read.readAt, to: after.read.readAt, calendar: calendar)
            if vacant.isComplete, VEERules.vacantUse(consumption: vacant.total, thresholds: thresholds) {
                var found = draft(.vacantUse, measured: "\(Thousandths.format(vacant.total)) \(unit) used after the move-out on \(closeDate), to \(calendar.localDate(of: after.read.readAt))", comparedWith: "\(Thousandths.format(thresholds.vacantUseWh)) \(unit) allowed on a vacant premise", measuredValue: vacant.total, comparedValue: thresholds.vacantUseWh)
                found.readAt = after.read.readAt
                found.estimates = []
                outcome.exceptions.append(found)
            }
        }

        if usage.serviceType == .electric {
            evaluateIntervals(&usage, &outcome, start: start.read.readAt, end: end.read.readAt, registerTotal: negative ? nil : consumption, draft: draft)
        }
        return outcome
    }
}
