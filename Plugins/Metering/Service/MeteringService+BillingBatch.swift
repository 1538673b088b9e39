import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Lookups a billing run makes for a whole batch at once: meter sizes and the coincident
/// demand of totalized groups, each one call and one read transaction per batch.
extension MeteringService {
    /// The most serials or groups one call takes.
    static let maximumBatchLookups = 10_000

    func getMeterSizes(_ request: Settle_Metering_V1_GetMeterSizesRequest, context: ServerContext) async throws -> Settle_Metering_V1_GetMeterSizesResponse {
        guard request.serials.count <= Self.maximumBatchLookups else {
            throw MeteringError.invalid("serials", "\(request.serials.count) serials; at most \(Self.maximumBatchLookups) a call")
        }
        return try await store.read { db in
            var response = Settle_Metering_V1_GetMeterSizesResponse()
            for serial in Set(request.serials) {
                if let meter = try MeterRepository.meter(serial: serial, in: db) { response.sizes[serial] = meter.size }
            }
            return response
        }
    }

    func getCoincidentDemand(_ request: Settle_Metering_V1_GetCoincidentDemandRequest, context: ServerContext) async throws -> Settle_Metering_V1_GetCoincidentDemandResponse {
        guard request.groups.count <= Self.maximumBatchLookups else {
            throw MeteringError.invalid("groups", "\(request.groups.count) groups; at most \(Self.maximumBatchLookups) a call")
        }
        for (index, group) in request.groups.enumerated() where group.meters.isEmpty {
            throw MeteringError.invalid("groups[\(index)].meters", "a group needs at least one meter")
        }
        let calendar = self.calendar
        return try await store.read { db in
            var response = Settle_Metering_V1_GetCoincidentDemandResponse()
            response.groups = try request.groups.map { try CoincidentDemand.compute($0, calendar: calendar, in: db) }
            return response
        }
    }
}
