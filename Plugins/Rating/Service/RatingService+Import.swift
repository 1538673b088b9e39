import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Importing URDB rates as draft versions.
extension RatingService {
    func importUrdbTariff(_ request: Settle_Rating_V1_ImportUrdbTariffRequest, context: ServerContext) async throws -> Settle_Rating_V1_ImportUrdbTariffResponse {
        var converted = try UrdbImporter.convert([UInt8](request.urdbJson), code: request.code)
        let effective = !request.effectiveFrom.isEmpty ? request.effectiveFrom : (!converted.startDate.isEmpty ? converted.startDate : LocalDate.today(in: timeZone).description)
        converted.version.effectiveFrom = effective
        var check = converted.version
        check.version = 1
        _ = try TariffTerms(check)
        let tariff = try Self.newTariff(code: request.code, name: converted.name, rateClass: request.rateClass.isEmpty ? converted.rateClass : request.rateClass, serviceType: "electric")
        let actor = context.peer.actor
        let result = converted
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Rating_V1_ImportUrdbTariffResponse()
            if try TariffStore.tariff(tariff.code, in: db) == nil {
                try TariffStore.insertTariff(tariff, in: db)
                try audit.record(entity: "tariff/\(tariff.code)", after: try tariff.jsonString())
                response.createdTariff = true
            }
            response.version = try Self.saveDraft(result.version, actor: actor, in: db, audit: audit)
            response.unsupported = result.unsupported
            return response
        }.response
    }
}
