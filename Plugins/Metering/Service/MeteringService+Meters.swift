import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Meters: inventory, install, removal, exchange, validation, activation.
extension MeteringService {
    func addMeter(_ request: Settle_Metering_V1_AddMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_MeterResponse {
        let record = try MeterInput.record(from: request)
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            if try MeterRepository.meter(serial: record.serial, in: db) != nil {
                throw MeteringError.alreadyExists("a meter with serial '\(record.serial)' already exists")
            }
            var meter = record
            meter.id = try MeterRepository.insert(record, in: db)
            let response = try MeterView.response(meter: meter, in: db, calendar: calendar)
            try audit.record(entity: "meter/\(meter.serial)", after: try response.meter.jsonString())
            return response
        }.response
    }

    func getMeter(_ request: Settle_Metering_V1_GetMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_MeterResponse {
        try await store.read { db in
            let meter = try MeterRepository.require(serial: request.serial, in: db)
            return try MeterView.response(meter: meter, in: db, calendar: calendar)
        }
    }

    func listMeters(_ request: Settle_Metering_V1_ListMetersRequest, context: ServerContext) async throws -> Settle_Metering_V1_ListMetersResponse {
        let pageSize = request.pageSize == 0 ? 500 : Int(min(request.pageSize, 5_000))
        if !request.status.isEmpty, MeterStatus(rawValue: request.status) == nil {
            throw MeteringError.invalid("status", "'\(request.status)' is not inventory, pending_activation, active or removed")
        }
        return try await store.read { db in
            let rows = try MeterRepository.page(
                after: request.pageToken, premiseID: request.premiseID, serviceType: request.serviceType, status: request.status,
                withLastRead: request.withLastRead, limit: pageSize + 1, in: db)
            var response = Settle_Metering_V1_ListMetersResponse()
            for row in rows.prefix(pageSize) {
                let meter = MeterRecord(row: row)
                var install: InstallRecord?
                if let installID: Int64 = row["install_id"] {
                    install = InstallRecord(
                        id: installID, meterID: meter.id, premiseID: row["premise_id"], serviceType: meter.serviceType,
                        installedOn: LocalDate(dayNumber: row["installed_on"]), removedOn: nil)
                }
                var proto = meter.proto(install: install)
                if request.withLastRead {
                    let fromReads = (row["last_read_at"] as Int64?).map { calendar.localDate(of: $0) }
                    let fromIntervals = (row["last_interval_day"] as Int?).map { LocalDate(dayNumber: $0) }
                    proto.lastReadDate = [fromReads, fromIntervals].compactMap { $0 }.max()?.description ?? ""
                }
                response.meters.append(proto)
            }
            if rows.count > pageSize, let last = response.meters.last { response.nextPageToken = last.serial }
            return response
        }
    }

    func installMeter(_ request: Settle_Metering_V1_InstallMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_MeterResponse {
        let date = try MeteringError.date(request.date, field: "date")
        guard !request.premiseID.isEmpty else { throw MeteringError.invalid("premise_id", "the premise to install at is required") }
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let meter = try MeterRepository.require(serial: request.serial, in: db)
            let before = try MeterView.response(meter: meter, in: db, calendar: calendar).meter.jsonString()
            try MeterLifecycle.install(meter: meter, premiseID: request.premiseID, date: date, reads: request.reads, in: db, calendar: calendar)
            let after = try MeterView.response(meter: try MeterRepository.require(serial: request.serial, in: db), in: db, calendar: calendar)
            try audit.record(entity: "meter/\(meter.serial)", before: before, after: try after.meter.jsonString())
            return after
        }.response
    }

    func removeMeter(_ request: Settle_Metering_V1_RemoveMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_MeterResponse {
        let date = try MeteringError.date(request.date, field: "date")
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let meter = try MeterRepository.require(serial: request.serial, in: db)
            let before = try MeterView.response(meter: meter, in: db, calendar: calendar).meter.jsonString()
            try MeterLifecycle.remove(meter: meter, date: date, reads: request.reads, in: db, calendar: calendar)
            let after = try MeterView.response(meter: try MeterRepository.require(serial: request.serial, in: db), in: db, calendar: calendar)
            try audit.record(entity: "meter/\(meter.serial)", before: before, after: try after.meter.jsonString())
            return after
        }.response
    }

    func exchangeMeter(_ request: Settle_Metering_V1_ExchangeMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_ExchangeMeterResponse {
        let date = try MeteringError.date(request.date, field: "date")
        // The new meter is validated against the rate at the old meter's premise before
        // anything is written, so a refused exchange leaves both meters as they were.
        let (old, oldInstall, new) = try await store.read { db in
            let old = try MeterRepository.require(serial: request.oldSerial, in: db)
            let new = try MeterRepository.require(serial: request.newSerial, in: db)
            return (old, try MeterRepository.currentInstall(meterID: old.id, in: db), new)
        }
        guard let oldInstall else { throw MeteringError.failedPrecondition("meter \(old.serial) is not installed, so it cannot be exchanged") }
        let requirement = try await rateRequirement(premiseID: oldInstall.premiseID, serviceType: oldInstall.serviceType, on: date, override: "")
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            // Re-read both inside the transaction: the checks above may be stale by now.
            let old = try MeterRepository.require(serial: old.serial, in: db)
            let new = try MeterRepository.require(serial: new.serial, in: db)
            guard new.serviceType == old.serviceType else {
                throw MeteringError.failedPrecondition("meter \(new.serial) is a \(new.serviceType.rawValue) meter; \(old.serial) serves \(old.serviceType.rawValue)")
            }
            try MeterLifecycle.remove(meter: old, date: date, reads: request.removalReads, in: db, calendar: calendar)
            try MeterLifecycle.install(meter: new, premiseID: oldInstall.premiseID, date: date, reads: request.installReads, in: db, calendar: calendar)
            let installed = try MeterRepository.require(serial: new.serial, in: db)
            let problems = try MeterLifecycle.problems(of: installed, requirement: requirement, in: db, calendar: calendar)
            guard problems.isEmpty else {
                throw MeteringError.failedPrecondition("exchange refused: meter \(new.serial) fails validation: " + problems.map(\.message).joined(separator: "; "))
            }
            try MeterRepository.setStatus(.active, meterID: new.id, in: db)
            var response = Settle_Metering_V1_ExchangeMeterResponse()
            response.removed = try MeterView.response(meter: try MeterRepository.require(serial: old.serial, in: db), in: db, calendar: calendar).meter
            response.installed = try MeterView.response(meter: try MeterRepository.require(serial: new.serial, in: db), in: db, calendar: calendar).meter
            try audit.record(entity: "meter/\(old.serial)", after: try response.removed.jsonString())
            try audit.record(entity: "meter/\(new.serial)", after: try response.installed.jsonString())
            return response
        }.response
    }

    func validateMeter(_ request: Settle_Metering_V1_ValidateMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_ValidateMeterResponse {
        let (meter, install) = try await store.read { db in
            let meter = try MeterRepository.require(serial: request.serial, in: db)
            return (meter, try MeterRepository.currentInstall(meterID: meter.id, in: db))
        }
        var requirement: RateRequirement?
        if let install {
            requirement = try await rateRequirement(premiseID: install.premiseID, serviceType: install.serviceType, on: install.installedOn, override: request.rateSchedule)
        } else if !request.rateSchedule.isEmpty {
            requirement = try await store.read { db in try RateRequirement.lookup(request.rateSchedule, in: db) }
        }
        let finalRequirement = requirement
        let problems = try await store.read { db in try MeterLifecycle.problems(of: meter, requirement: finalRequirement, in: db, calendar: calendar) }
        var response = Settle_Metering_V1_ValidateMeterResponse()
        response.valid = problems.isEmpty
        response.problems = problems.map(\.proto)
        response.rateSchedule = requirement?.rateSchedule ?? ""
        return response
    }

    func activateMeter(_ request: Settle_Metering_V1_ActivateMeterRequest, context: ServerContext) async throws -> Settle_Metering_V1_MeterResponse {
        var validation = Settle_Metering_V1_ValidateMeterRequest()
        validation.serial = request.serial
        let result = try await validateMeter(validation, context: context)
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let meter = try MeterRepository.require(serial: request.serial, in: db)
            guard meter.status == .pendingActivation else {
                throw MeteringError.failedPrecondition("meter \(meter.serial) is \(meter.status.rawValue); only an installed meter pending activation can be activated")
            }
            guard result.valid else {
                throw RPCError(
                    .failedPrecondition,
                    "meter \(meter.serial) cannot be activated: " + result.problems.map { "[\($0.code)] \($0.message)" }.joined(separator: "; "),
                    details: try result.serializedBytes())
            }
            try MeterRepository.setStatus(.active, meterID: meter.id, in: db)
            let response = try MeterView.response(meter: try MeterRepository.require(serial: meter.serial, in: db), in: db, calendar: calendar)
            try audit.record(entity: "meter/\(meter.serial)", before: MeterStatus.pendingActivation.rawValue, after: try response.meter.jsonString())
            return response
        }.response
    }

    func setRateRequirements(_ request: Settle_Metering_V1_SetRateRequirementsRequest, context: ServerContext) async throws -> Settle_Metering_V1_SetRateRequirementsResponse {
        for requirement in request.requirements where requirement.rateSchedule.isEmpty {
            throw MeteringError.invalid("requirements", "each requirement needs a rate_schedule")
        }
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            for proto in request.requirements {
                let requirement = RateRequirement(rateSchedule: proto.rateSchedule, needsTOU: proto.needsTou, needsReceived: proto.needsReceived, needsDemand: proto.needsDemand)
                try RateRequirementStore.save(requirement, in: db)
                try audit.record(entity: "rate_requirement/\(proto.rateSchedule)", after: try proto.jsonString())
            }
            var response = Settle_Metering_V1_SetRateRequirementsResponse()
            response.saved = UInt32(request.requirements.count)
            return response
        }.response
    }

    /// What the rate at a premise needs of a meter: the override schedule if given, else the
    /// schedule of the agreement in service there on `date` (or the next one to start); nil
    /// when the premise has no agreement with a rate.
    func rateRequirement(premiseID: String, serviceType: ServiceType, on date: LocalDate, override: String) async throws -> RateRequirement? {
        var schedule = override
        if schedule.isEmpty {
            let all = try await agreements.agreements(premiseID: premiseID, serviceType: serviceType)
            let chosen = all.first { $0.inService(on: date) } ?? all.filter { $0.startDate > date }.min { $0.startDate < $1.startDate }
            schedule = chosen?.rateSchedule ?? ""
        }
        guard !schedule.isEmpty else { return nil }
        let code = schedule
        return try await store.read { db in try RateRequirement.lookup(code, in: db) }
    }
}

extension ConfigurationValidator.Problem {
    /// The contract's form of a validation problem.
    var proto: Settle_Metering_V1_ValidationProblem {
        var proto = Settle_Metering_V1_ValidationProblem()
        proto.code = code
        proto.message = message
        return proto
    }
}
