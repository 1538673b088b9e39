import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SwiftProtobuf

/// A person's decision on a VEE exception, applied in the caller's transaction and audited:
/// accept it, edit the read, estimate it, or request a re-read.
struct ExceptionResolver {
    enum Action: String { case accept, edit, estimate, reread }

    let calendar: ZoneCalendar

    func resolve(_ request: Settle_Metering_V1_ResolveVeeExceptionRequest, action: Action, in db: Database, audit: AuditTrail) throws -> Settle_Metering_V1_ResolveVeeExceptionResponse {
        guard let id = VEEExceptionStore.parseIdentifier(request.exceptionID), let row = try VEEExceptionStore.fetch(id: id, in: db) else {
            throw MeteringError.notFound("no VEE exception '\(request.exceptionID)'")
        }
        let status: String = row["status"]
        guard status == "open" || status == "reread_requested" else {
            throw MeteringError.failedPrecondition("exception \(request.exceptionID) was already resolved (\(status)): \(row["resolution"] as String)")
        }
        let before = try VEEExceptionStore.proto(row, calendar: calendar).jsonString()
        let type = ExceptionType(rawValue: row["type"])
        let meterID: Int64? = row["meter_id"]
        let channel = MeterChannel(rawValue: row["channel"]) ?? .kwhDelivered
        let readAt: Int64? = row["read_at"]
        var response = Settle_Metering_V1_ResolveVeeExceptionResponse()
        var newStatus: String
        var resolution: String

        switch action {
        case .accept:
            newStatus = "accepted"
            resolution = "accepted by \(audit.actor): \(request.reason)"
        case .edit:
            guard let meterID, let readAt, let meter = try MeterRepository.meter(id: meterID, in: db) else {
                throw MeteringError.failedPrecondition("exception \(request.exceptionID) concerns no single read to edit; accept it or request a re-read")
            }
            let modulus = RegisterMath.modulus(dials: meter.dials)
            guard request.correctedValue >= 0, request.correctedValue < modulus else {
                throw MeteringError.invalid("corrected_value", "\(request.correctedValue) does not fit meter \(meter.serial)'s \(meter.dials) dials")
            }
            response.read = try write(value: request.correctedValue, kind: .edited, meter: meter, channel: channel, at: readAt, in: db, audit: audit, reason: request.reason)
            newStatus = "edited"
            resolution = "read edited to \(request.correctedValue) by \(audit.actor): \(request.reason)"
        case .estimate:
            if type == .intervalGap {
                let filled = try fillIntervalGaps(row, in: db, audit: audit, reason: request.reason)
                newStatus = "estimated"
                resolution = "\(filled) interval day(s) estimated by \(audit.actor): \(request.reason)"
            } else {
                guard let meterID, let readAt, let meter = try MeterRepository.meter(id: meterID, in: db) else {
                    throw MeteringError.failedPrecondition("exception \(request.exceptionID) concerns no read that can be estimated")
                }
                let options = VEEExceptionStore.proto(row, calendar: calendar).estimates
                let method = request.method.isEmpty || request.method == "auto" ? options.first?.method : request.method
                guard let option = options.first(where: { $0.method == method }) else {
                    let known = options.map(\.method).joined(separator: ", ")
                    throw MeteringError.failedPrecondition(options.isEmpty
                        ? "no history to estimate from for exception \(request.exceptionID); edit the read or request a re-read"
                        : "estimate method '\(request.method)' is not available here (available: \(known))")
                }
                response.read = try write(value: option.registerValue, kind: .estimated, meter: meter, channel: channel, at: readAt, in: db, audit: audit, reason: request.reason)
                newStatus = "estimated"
                resolution = "estimated by \(audit.actor) (\(option.method): \(option.basis)): \(request.reason)"
            }
        case .reread:
            guard let meterID, let meter = try MeterRepository.meter(id: meterID, in: db) else {
                throw MeteringError.failedPrecondition("exception \(request.exceptionID) names no meter to re-read")
            }
            let day = readAt.map(calendar.localDate(of:)) ?? calendar.localDate(of: Int64(Date().timeIntervalSince1970))
            let requestID = try ReadRequestStore.create(
                premiseID: row["premise_id"], serviceType: meter.serviceType, meterID: meter.id, day: day, kind: .reread,
                reason: "VEE \(VEEExceptionStore.identifier(id)): \(request.reason)", in: db)
            newStatus = "reread_requested"
            resolution = "re-read \(ReadRequests.identifier(requestID)) requested by \(audit.actor): \(request.reason)"
        }
        try VEEExceptionStore.resolve(id: id, status: newStatus, resolution: resolution, actor: audit.actor, in: db)
        guard let updated = try VEEExceptionStore.fetch(id: id, in: db) else { return response }
        response.exception = VEEExceptionStore.proto(updated, calendar: calendar)
        try audit.record(entity: "vee_exception/\(VEEExceptionStore.identifier(id))", before: before, after: try response.exception.jsonString(), reason: request.reason)
        return response
    }

    /// Replaces (or, when missing, adds) the read at `instant`, keeping the original value.
    private func write(value: Int64, kind: ReadKind, meter: MeterRecord, channel: MeterChannel, at instant: Int64, in db: Database, audit: AuditTrail, reason: String) throws -> Settle_Metering_V1_RegisterRead {
        let existing = try MeterRepository.read(meterID: meter.id, channel: channel, at: instant, in: db)
        if let existing {
            try MeterRepository.overwriteRead(meterID: meter.id, channel: channel, at: instant, value: value, kind: kind, original: existing.value, in: db)
        } else {
            try MeterRepository.insertRead(RegisterReadRecord(meterID: meter.id, channel: channel, readAt: instant, value: value, kind: kind), in: db)
        }
        let record = RegisterReadRecord(meterID: meter.id, channel: channel, readAt: instant, value: value, kind: kind)
        try audit.record(
            entity: "register_read/\(meter.serial)/\(channel.name)/\(Timestamps.format(instant))",
            before: existing.map { "{\"value\":\($0.value),\"kind\":\"\($0.kind.name)\"}" } ?? "",
            after: "{\"value\":\(value),\"kind\":\"\(kind.name)\"}", reason: reason)
        return record.proto(serial: meter.serial, calendar: calendar)
    }

    /// Fills the gaps of the exception's period from its premise's stored intervals.
    private func fillIntervalGaps(_ row: Row, in db: Database, audit: AuditTrail, reason: String) throws -> Int {
        guard let startAt = row["start_at"] as Int64?, let endAt = row["read_at"] as Int64?,
              let serviceType = ServiceType(rawValue: row["service_type"])
        else { throw MeteringError.failedPrecondition("the exception does not say which period to fill") }
        let startDate = calendar.localDate(of: startAt)
        let endDate = calendar.localDate(of: endAt)
        let rateClass: String = row["rate_class"]
        let thresholds = VEEThresholds.resolve(rateClass, in: try VEEThresholdStore.loadAll(in: db))
        var usage = try PremiseUsage.load(
            premiseID: row["premise_id"], serviceType: serviceType, from: startDate, to: endDate,
            intervalsFrom: startDate.adding(days: -29), intervalsTo: endDate, in: db, calendar: calendar)
        let intervals = IntervalUsage.compute(usage, channel: .kwhDelivered, from: startAt, to: endAt, tou: nil, calendar: calendar)
        let days = GapFiller.fill(&usage, gaps: intervals.gaps, shortGapMinutes: thresholds.shortGapMinutes, calendar: calendar)
        for day in days {
            try IntervalStore.write(day.data, meterID: day.meterID, channel: day.channel.rawValue, day: day.day, in: db)
            try audit.record(entity: "interval_day/\(day.meterID)/\(LocalDate(dayNumber: day.day))", after: "{\"estimated_slots\":\(day.data.estimatedCount)}", reason: reason)
        }
        return days.count
    }
}
