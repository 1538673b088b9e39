import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Start and final read requests from move-in and move-out.
extension MeteringService {
    func requestServiceRead(_ request: Settle_Metering_V1_RequestServiceReadRequest, context: ServerContext) async throws -> Settle_Metering_V1_RequestServiceReadResponse {
        guard !request.premiseID.isEmpty else { throw MeteringError.invalid("premise_id", "the premise is required") }
        let serviceType = try MeteringError.serviceType(request.serviceType)
        let date = try MeteringError.date(request.date, field: "date")
        guard let kind = ReadRequests.Kind(rawValue: request.kind), kind != .reread else {
            throw MeteringError.invalid("kind", "'\(request.kind)' is not start or final")
        }
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            let installs = try MeterRepository.installs(premiseID: request.premiseID, serviceType: serviceType, from: date, to: date, in: db)
            var response = Settle_Metering_V1_RequestServiceReadResponse()
            var targets: [(meterID: Int64?, serial: String)] = []
            for install in installs {
                if let meter = try MeterRepository.meter(id: install.meterID, in: db) { targets.append((meter.id, meter.serial)) }
            }
            if targets.isEmpty {
                targets = [(nil, "")]
                response.note = "no \(serviceType.rawValue) meter is installed at premise \(request.premiseID) on \(date); the request waits for the next meter installed there"
            }
            for target in targets {
                let id = try ReadRequestStore.create(
                    premiseID: request.premiseID, serviceType: serviceType, meterID: target.meterID, day: date, kind: kind,
                    reason: request.reason, in: db)
                let row = try ReadRequestStore.fetch(id: id, in: db)
                if let row { response.requests.append(ReadRequests.proto(row: row, serial: target.serial)) }
                response.readRequestIds.append(ReadRequests.identifier(id))
                response.meterSerials.append(target.serial)
                try audit.record(
                    entity: "read_request/\(ReadRequests.identifier(id))", after: try response.requests.last?.jsonString() ?? "",
                    reason: request.reason.isEmpty ? nil : request.reason)
            }
            return response
        }.response
    }
}
