import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Tariffs and their draft versions.
extension RatingService {

    func createTariff(_ request: Settle_Rating_V1_CreateTariffRequest, context: ServerContext) async throws -> Settle_Rating_V1_Tariff {
        let tariff = try Self.newTariff(code: request.code, name: request.name, rateClass: request.rateClass, serviceType: request.serviceType)
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            if try TariffStore.tariff(tariff.code, in: db) != nil { throw RatingError.alreadyExists("tariff \(tariff.code) already exists") }
            try TariffStore.insertTariff(tariff, in: db)
            try audit.record(entity: "tariff/\(tariff.code)", after: try tariff.jsonString())
            return tariff
        }.response
    }

    static func newTariff(code: String, name: String, rateClass: String, serviceType: String) throws(RPCError) -> Settle_Rating_V1_Tariff {
        guard !code.isEmpty, code.count <= 40, code.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw RatingError.invalid("code", code.isEmpty ? "a tariff code is required" : "'\(code)' may hold only letters, digits, '-', '_' and '.' (at most 40)")
        }
        guard RateClass(rawValue: rateClass) != nil else {
            throw RatingError.invalid("rate_class", "'\(rateClass)' is not one of \(RateClass.spelled)")
        }
        let service = serviceType.isEmpty ? "electric" : serviceType
        guard ServiceType(rawValue: service) != nil else {
            throw RatingError.invalid("service_type", "'\(serviceType)' is not one of \(ServiceType.spelled)")
        }
        var tariff = Settle_Rating_V1_Tariff()
        tariff.code = code
        tariff.name = name.isEmpty ? code : name
        tariff.rateClass = rateClass
        tariff.serviceType = service
        return tariff
    }

    func getTariff(_ request: Settle_Rating_V1_GetTariffRequest, context: ServerContext) async throws -> Settle_Rating_V1_Tariff {
        try await store.read { db in try TariffStore.requireTariff(request.code, in: db) }
    }

    func listTariffs(_ request: Settle_Rating_V1_ListTariffsRequest, context: ServerContext) async throws -> Settle_Rating_V1_ListTariffsResponse {
        try await store.read { db in
            var response = Settle_Rating_V1_ListTariffsResponse()
            response.tariffs = try TariffStore.allTariffs(in: db).map { tariff in
                var summary = tariff
                summary.versions = tariff.versions.map { version in
                    var brief = Settle_Rating_V1_TariffVersion()
                    brief.code = version.code
                    brief.version = version.version
                    brief.effectiveFrom = version.effectiveFrom
                    brief.status = version.status
                    brief.description_p = version.description_p
                    return brief
                }
                return summary
            }
            return response
        }
    }

    func saveTariffVersion(_ request: Settle_Rating_V1_SaveTariffVersionRequest, context: ServerContext) async throws -> Settle_Rating_V1_TariffVersion {
        // Parse first: a draft that cannot be rated is refused with the field that is wrong.
        var candidate = request.version
        candidate.version = max(candidate.version, 1)
        _ = try TariffTerms(candidate)
        let actor = context.peer.actor
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            try Self.saveDraft(request.version, actor: actor, in: db, audit: audit)
        }.response
    }

    /// Stores a new draft (version 0 = the next number) or replaces a draft.
    static func saveDraft(_ input: Settle_Rating_V1_TariffVersion, actor: String, in db: GRDB.Database, audit: AuditTrail) throws -> Settle_Rating_V1_TariffVersion {
        _ = try TariffStore.requireTariff(input.code, in: db)
        var version = input
        var before = ""
        if version.version == 0 {
            version.version = try TariffStore.nextVersionNumber(version.code, in: db)
        } else if let existing = try? TariffStore.version(version.code, version.version, in: db) {
            guard existing.status == "draft" else {
                throw RatingError.failedPrecondition("\(version.code)@\(version.version) is \(existing.status) and can no longer change; save a new version")
            }
            before = try existing.jsonString()
        }
        version.status = "draft"
        version.createdBy = actor
        version.validatedBy = ""
        version.activatedBy = ""
        version.createdAt = UTCTimestamp.seconds(from: Date())
        try TariffStore.save(version, in: db)
        try audit.record(entity: "tariff_version/\(version.code)@\(version.version)", before: before, after: try version.jsonString())
        return version
    }
}
