import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Premises: the service addresses agreements are for, with the weather zone Collections
/// checks before a disconnection.
extension AccountsService {
    func createPremise(_ request: Settle_Accounts_V1_CreatePremiseRequest, context: ServerContext) async throws -> Settle_Accounts_V1_PremiseResponse {
        let id = try request.premiseID.isEmpty ? nil : Identifiers.parsePremiseID(request.premiseID)
        guard let address = try FieldRules.address(request.serviceAddress, field: "service_address", required: true) else {
            throw AccountsError.required("service_address")
        }
        let zone = try FieldRules.kebab(request.weatherZone, field: "weather_zone", example: "north")
        let type = try PremiseType.parse(request.premiseType, field: "premise_type")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let premiseID = try PremiseRecords.insert(id: id, address: address, weatherZone: zone, type: type, in: db)
            let premise = try PremiseRecords.load(premiseID, in: db)
            try audit.record(entity: AuditEntity.premise(premiseID), after: AuditEntity.json(premise))
            return Self.premiseResponse(premise)
        }.response
    }

    func updatePremise(_ request: Settle_Accounts_V1_UpdatePremiseRequest, context: ServerContext) async throws -> Settle_Accounts_V1_PremiseResponse {
        let id = try Identifiers.parsePremiseID(request.premiseID)
        let address = try request.hasServiceAddress
            ? FieldRules.address(request.serviceAddress, field: "service_address", required: true) : nil
        let zone = try request.hasWeatherZone ? FieldRules.kebab(request.weatherZone, field: "weather_zone", example: "north") : nil
        let type = try request.hasPremiseType ? PremiseType.parse(request.premiseType, field: "premise_type") : nil
        guard address != nil || zone != nil || type != nil else {
            throw AccountsError.invalidArgument("nothing to update: give service_address, weather_zone or premise_type")
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try PremiseRecords.load(id, in: db)
            try PremiseRecords.update(
                id, address: address ?? before.serviceAddress, weatherZone: zone ?? before.weatherZone,
                type: type?.rawValue ?? before.premiseType, in: db)
            let after = try PremiseRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.premise(id), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.premiseResponse(after)
        }.response
    }

    func getPremise(_ request: Settle_Accounts_V1_GetPremiseRequest, context: ServerContext) async throws -> Settle_Accounts_V1_PremiseResponse {
        let id = try Identifiers.parsePremiseID(request.premiseID)
        return try await store.read { db in
            var response = Self.premiseResponse(try PremiseRecords.load(id, in: db))
            response.agreements = try AgreementRecords.forPremise(id, in: db)
            return response
        }
    }

    func listPremises(_ request: Settle_Accounts_V1_ListPremisesRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ListPremisesResponse {
        let paging = try Paging(pageSize: request.pageSize, pageToken: request.pageToken, scope: "premises", defaultSize: 1_000, maximumSize: 10_000)
        let zone = try request.weatherZone.isEmpty ? nil : FieldRules.kebab(request.weatherZone, field: "weather_zone", example: "north")
        let vacant = request.hasVacant ? request.vacant : nil
        let rows = try await store.read { db in
            try PremiseRecords.list(weatherZone: zone, vacant: vacant, after: paging.after, limit: paging.limit + 1, in: db)
        }
        var response = Settle_Accounts_V1_ListPremisesResponse()
        response.premises = Array(rows.prefix(paging.limit))
        if rows.count > paging.limit, let last = response.premises.last {
            response.nextPageToken = Paging.token(scope: "premises", lastKey: last.id)
        }
        return response
    }

    static func premiseResponse(_ premise: PremiseMessage) -> Settle_Accounts_V1_PremiseResponse {
        var response = Settle_Accounts_V1_PremiseResponse()
        response.premise = premise
        return response
    }
}
