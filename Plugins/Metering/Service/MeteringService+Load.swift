import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The conversion load of meters already in the field: thousands per call, each meter
/// idempotent by its serial, activation refused per meter with every reason.
extension MeteringService {
    /// Most meters one call may carry.
    static let maxLoadMeters = 5_000

    func loadMeters(_ request: Settle_Metering_V1_LoadMetersRequest, context: ServerContext) async throws -> Settle_Metering_V1_LoadMetersResponse {
        guard request.meters.count <= Self.maxLoadMeters else {
            throw MeteringError.invalid("meters", "\(request.meters.count) meters in one call; send at most \(Self.maxLoadMeters)")
        }
        let calendar = self.calendar
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Metering_V1_LoadMetersResponse()
            var requirements: [String: RateRequirement] = [:]
            for (position, record) in request.meters.enumerated() {
                var outcome = Settle_Metering_V1_LoadedMeter()
                outcome.position = UInt32(position)
                outcome.serial = record.meter.serial
                do {
                    if try MeterRepository.meter(serial: record.meter.serial, in: db) != nil {
                        outcome.outcome = "already_loaded"
                        response.alreadyLoaded += 1
                        response.exceptions.append(outcome)
                        continue
                    }
                    let date = try MeteringError.date(record.installDate, field: "meters[\(position)].install_date")
                    guard !record.premiseID.isEmpty else {
                        throw MeteringError.invalid("meters[\(position)].premise_id", "the premise the meter is installed at is required")
                    }
                    var requirement: RateRequirement?
                    if !record.rateSchedule.isEmpty {
                        if requirements[record.rateSchedule] == nil {
                            requirements[record.rateSchedule] = try RateRequirement.lookup(record.rateSchedule, in: db)
                        }
                        requirement = requirements[record.rateSchedule]
                    }
                    var problems: [ConfigurationValidator.Problem] = []
                    try db.inSavepoint {
                        var meter = try MeterInput.record(from: record.meter)
                        meter.id = try MeterRepository.insert(meter, in: db)
                        try MeterLifecycle.install(meter: meter, premiseID: record.premiseID, date: date, reads: record.installReads, in: db, calendar: calendar)
                        let installed = try MeterRepository.require(serial: meter.serial, in: db)
                        if record.activate {
                            problems = try MeterLifecycle.problems(of: installed, requirement: requirement, in: db, calendar: calendar)
                            if problems.isEmpty { try MeterRepository.setStatus(.active, meterID: meter.id, in: db) }
                        }
                        let loaded = LoadedMeterAudit(
                            serial: meter.serial, service: meter.serviceType.rawValue, kind: meter.kind.rawValue,
                            multiplier: Micros.format(meter.multiplierMicros), premise: record.premiseID,
                            installed: date.description, status: record.activate && problems.isEmpty ? "active" : "pending_activation",
                            installReads: record.installReads.map { "\($0.channel):\($0.value)" })
                        try audit.record(entity: "meter/\(meter.serial)", after: String(decoding: try JSONEncoder().encode(loaded), as: UTF8.self))
                        return .commit
                    }
                    if record.activate, problems.isEmpty {
                        response.activated += 1
                    } else {
                        outcome.outcome = "pending_activation"
                        outcome.problems = problems.map(\.proto)
                        response.pendingActivation += 1
                        response.exceptions.append(outcome)
                    }
                } catch let error as RPCError {
                    outcome.outcome = "rejected"
                    outcome.reason = error.message
                    response.rejected += 1
                    response.exceptions.append(outcome)
                }
            }
            return response
        }.response
    }
}

/// What the audit log keeps of a loaded meter: enough to see what the load did, without
/// re-reading the meter's whole view for every row of a bulk load.
private struct LoadedMeterAudit: Encodable {
    let serial: String
    let service: String
    let kind: String
    let multiplier: String
    let premise: String
    let installed: String
    let status: String
    let installReads: [String]
}
