import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// VEE: thresholds, read schedules, cycle runs, exceptions and their resolution.
extension MeteringService {
    func setVeeThresholds(_ request: Settle_Metering_V1_SetVeeThresholdsRequest, context: ServerContext) async throws -> Settle_Metering_V1_VeeThresholds {
        try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let all = try VEEThresholdStore.loadAll(in: db)
            let base = VEEThresholds.resolve(request.thresholds.rateClass, in: all)
            let thresholds = try VEEThresholds(request.thresholds, over: base)
            try VEEThresholdStore.save(thresholds, in: db)
            try audit.record(entity: "vee_threshold/\(thresholds.rateClass.isEmpty ? "default" : thresholds.rateClass)", before: try base.proto.jsonString(), after: try thresholds.proto.jsonString())
            return thresholds.proto
        }.response
    }

    func getVeeThresholds(_ request: Settle_Metering_V1_GetVeeThresholdsRequest, context: ServerContext) async throws -> Settle_Metering_V1_VeeThresholds {
        try await store.read { db in VEEThresholds.resolve(request.rateClass, in: try VEEThresholdStore.loadAll(in: db)).proto }
    }

    func setReadSchedule(_ request: Settle_Metering_V1_SetReadScheduleRequest, context: ServerContext) async throws -> Settle_Metering_V1_SetReadScheduleResponse {
        let cycle = try MeteringError.cycle(request.cycle)
        let period = try MeteringError.period(request.period)
        let date = try MeteringError.date(request.readDate, field: "read_date")
        guard abs(date - period.firstDay.adding(days: 14)) <= 31 else {
            throw MeteringError.invalid("read_date", "\(date) is too far from period \(period)")
        }
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let before = try ReadScheduleStore.load(cycle: cycle, in: db).readDate(period)
            try ReadScheduleStore.save(cycle: cycle, period: period, date: date, in: db)
            try audit.record(entity: "read_schedule/\(cycle)/\(period)", before: before.description, after: date.description)
            var response = Settle_Metering_V1_SetReadScheduleResponse()
            response.readDate = date.description
            return response
        }.response
    }

    func runVee(_ request: Settle_Metering_V1_RunVeeRequest, context: ServerContext) async throws -> Settle_Metering_V1_RunVeeResponse {
        let cycle = try MeteringError.cycle(request.cycle)
        let period = try MeteringError.period(request.period)
        let schedule = try await store.read { db in try ReadScheduleStore.load(cycle: cycle, in: db) }
        let list = try await agreements.agreements(
            cycle: cycle, from: schedule.readDate(period.adding(months: -1)), to: schedule.readDate(period).adding(days: 15))
        let vacant = try await vacantPremises(cycle: cycle, period: period, schedule: schedule, agreements: list)
        let runner = VEERunner(cycle: cycle, period: period, autoEstimate: request.autoEstimate, calendar: calendar)
        // A cycle's run holds every agreement's usage at once; what it freed goes back to the system.
        defer { FreedMemory.release() }
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            try runner.run(agreements: list.sorted { $0.id < $1.id }, vacant: vacant, in: db, audit: audit)
        }.response
    }

    func listVeeExceptions(_ request: Settle_Metering_V1_ListVeeExceptionsRequest, responses: RPCWriter<Settle_Metering_V1_VeeExceptionBatch>, context: ServerContext) async throws {
        let cycle = try MeteringError.cycle(request.cycle)
        let period = request.period.isEmpty ? nil : try MeteringError.period(request.period)
        let all = try await store.read { db in
            try VEEExceptionStore.list(cycle: cycle, period: period, includeResolved: request.includeResolved, in: db)
                .map { VEEExceptionStore.proto($0, calendar: calendar) }
        }
        for start in stride(from: 0, to: all.count, by: 500) {
            var batch = Settle_Metering_V1_VeeExceptionBatch()
            batch.exceptions = Array(all[start..<min(start + 500, all.count)])
            try await responses.write(batch)
        }
    }

    func resolveVeeException(_ request: Settle_Metering_V1_ResolveVeeExceptionRequest, context: ServerContext) async throws -> Settle_Metering_V1_ResolveVeeExceptionResponse {
        guard let action = ExceptionResolver.Action(rawValue: request.action) else {
            throw MeteringError.invalid("action", "'\(request.action)' is not accept, edit, estimate or reread")
        }
        guard !request.reason.trimmingWhitespace.isEmpty else {
            throw MeteringError.invalid("reason", "a resolution needs a reason for the audit trail")
        }
        let resolver = ExceptionResolver(calendar: calendar)
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            try resolver.resolve(request, action: action, in: db, audit: audit)
        }.response
    }
}
