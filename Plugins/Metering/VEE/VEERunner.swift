import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SwiftProtobuf

/// Runs VEE for a bill cycle and period inside one write transaction: loads each
/// agreement's usage, evaluates it, and stores the billing periods, exceptions and any
/// estimates, so the exceptions always describe exactly the data they were found in.
struct VEERunner {
    let cycle: Int
    let period: YearMonth
    let autoEstimate: Bool
    let calendar: ZoneCalendar

    func run(agreements: [Agreement], vacant: [Vacancy.Premise] = [], in db: Database, audit: AuditTrail) throws -> Settle_Metering_V1_RunVeeResponse {
        let schedule = try ReadScheduleStore.load(cycle: cycle, in: db)
        let thresholds = try VEEThresholdStore.loadAll(in: db)
        let readDate = schedule.readDate(period)
        let previousEnds = try Vacancy.previousEnds(before: period, in: db)
        let finished = Vacancy.finished(agreements, previousEnds: previousEnds, calendar: calendar)

        let runID = try VEERunStore.insert(cycle: cycle, period: period, readDate: readDate, actor: audit.actor, in: db)

        // Decisions people already made on this cycle and period stand; open ones are replaced.
        var decided = Set<String>()
        var rereads = Set<String>()
        for row in try VEEExceptionStore.decided(cycle: cycle, period: period, in: db) {
            let key = "\(row["agreement_id"] as Int64)/\(row["type"] as String)/\(row["meter_serial"] as String)/\(row["basis"] as String)"
            if (row["status"] as String) == "reread_requested" { rereads.insert(key) } else { decided.insert(key) }
        }
        try VEEExceptionStore.deleteUnresolved(cycle: cycle, period: period, in: db)

        var response = Settle_Metering_V1_RunVeeResponse()
        response.runID = "VR\(runID)"
        response.readDate = readDate.description
        let history = period.adding(months: -13).firstDay.adding(days: -10)
        let previousReadDate = schedule.readDate(period.adding(months: -1))
        // Wastewater is measured by the premise's water meter: when the water agreement is in
        // this run too, its exceptions already describe that meter, so they are not repeated.
        let waterPremises = Set(agreements.filter { $0.serviceType == .water }.map(\.premiseID))
        for agreement in agreements where !finished.contains(agreement.id) {
            guard agreement.serviceType.meteredBy != nil else {
                // Unmetered (solid waste): billed flat, nothing to validate.
                let unmetered = AgreementEvaluator.Outcome(
                    startAt: calendar.startOfDay(max(previousReadDate, agreement.startDate)),
                    endAt: calendar.startOfDay(agreement.endDate.map { min($0, readDate) } ?? readDate), consumption: 0)
                try store(unmetered, agreement: agreement, runID: runID, decided: decided, rereads: rereads, response: &response, in: db, audit: audit)
                continue
            }
            let limits = VEEThresholds.resolve(agreement.rateClass, in: thresholds)
            let usage = try PremiseUsage.load(
                premiseID: agreement.premiseID, serviceType: agreement.serviceType, from: history,
                to: readDate.adding(days: 3 * limits.readWindowDays + 8),
                intervalsFrom: previousReadDate.adding(days: -limits.readWindowDays - 29), intervalsTo: readDate.adding(days: limits.readWindowDays),
                in: db, calendar: calendar)
            let evaluator = AgreementEvaluator(agreement: agreement, thresholds: limits, schedule: schedule, period: period, calendar: calendar, autoEstimate: autoEstimate)
            var outcome = evaluator.evaluate(usage, previousEnd: previousEnds[agreement.id])
            if agreement.serviceType == .wastewater, waterPremises.contains(agreement.premiseID) { outcome.exceptions = [] }
            try store(outcome, agreement: agreement, runID: runID, decided: decided, rereads: rereads, response: &response, in: db, audit: audit)
        }
        for premise in vacant {
            try checkVacant(premise, schedule: schedule, thresholds: thresholds, runID: runID, decided: decided, response: &response, in: db)
        }
        response.agreements = UInt32(agreements.count - finished.count)
        try VEERunStore.finish(runID: runID, agreements: response.agreements, exceptions: response.exceptions, held: response.held, in: db)
        try audit.record(entity: "vee_run/VR\(runID)", after: try response.jsonString())
        return response
    }

    func store(
        _ outcome: AgreementEvaluator.Outcome, agreement: Agreement, runID: Int64, decided: Set<String>, rereads: Set<String>,
        response: inout Settle_Metering_V1_RunVeeResponse, in db: Database, audit: AuditTrail
    ) throws {
        try BillingPeriodStore.save(
            agreement: agreement, period: period, cycle: cycle, startAt: outcome.startAt, endAt: outcome.endAt,
            consumption: outcome.consumption, runID: runID, in: db)
        let serials = Dictionary(outcome.exceptions.compactMap { $0.meter.map { ($0.id, $0.serial) } }, uniquingKeysWith: { first, _ in first })
        for read in outcome.estimatedReads {
            try MeterRepository.insertEstimate(read, in: db)
            try audit.record(
                entity: "register_read/\(serials[read.meterID] ?? String(read.meterID))/\(read.channel.name)/\(Timestamps.format(read.readAt))",
                after: "{\"value\":\(read.value),\"kind\":\"estimated\"}", reason: "VEE run estimate")
            response.estimated += 1
        }
        for day in outcome.estimatedDays {
            try IntervalStore.write(day.data, meterID: day.meterID, channel: day.channel.rawValue, day: day.day, in: db)
            response.estimated += 1
        }
        let owner = VEEExceptionStore.Owner(runID: runID, cycle: cycle, period: period, agreement: agreement)
        var stored = 0
        var held = false
        for var draft in outcome.exceptions {
            let key = "\(Int64(bitPattern: agreement.id))/\(draft.type.rawValue)/\(draft.meter?.serial ?? "")/\(draft.basis)"
            if decided.contains(key) { continue }
            if rereads.contains(key), draft.status == "open" { draft.status = "reread_requested" }
            try VEEExceptionStore.insert(draft, owner: owner, in: db)
            stored += 1
            response.byType[draft.type.rawValue, default: 0] += 1
            if draft.isBlocking, draft.status == "open" || draft.status == "reread_requested" { held = true }
        }
        response.exceptions += UInt32(stored)
        if stored == 0 { response.passed += 1 } else { response.withExceptions += 1 }
        if held { response.held += 1 }
    }
}
