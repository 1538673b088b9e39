import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Version lifecycle: scenarios, validation, maker-checker activation, retirement.
extension RatingService {
    func testTariffVersion(_ request: Settle_Rating_V1_TestTariffVersionRequest, context: ServerContext) async throws -> Settle_Rating_V1_TestTariffVersionResponse {
        let version = try await store.read { db in try TariffStore.version(request.code, request.version, in: db) }
        return try ScenarioRunner.run(version)
    }

    func validateTariffVersion(_ request: Settle_Rating_V1_ChangeVersionStatusRequest, context: ServerContext) async throws -> Settle_Rating_V1_TariffVersion {
        try await changeStatus(request, context: context) { version, actor in
            guard version.status == "draft" else { throw RatingError.failedPrecondition("\(request.code)@\(request.version) is \(version.status), not draft") }
            guard !version.scenarios.isEmpty else {
                throw RatingError.failedPrecondition("\(request.code)@\(request.version) has no test scenarios; a version is validated only by scenarios that pass")
            }
            let results = try ScenarioRunner.run(version)
            guard results.allPassed else {
                let failures = results.results.filter { !$0.passed }.map { "\($0.name): \($0.failures.joined(separator: "; "))" }
                throw RatingError.failedPrecondition("\(request.code)@\(request.version) fails \(failures.count) of \(results.results.count) scenario(s): \(failures.joined(separator: " | "))")
            }
            version.status = "validated"
            version.validatedBy = actor
        }
    }

    func activateTariffVersion(_ request: Settle_Rating_V1_ChangeVersionStatusRequest, context: ServerContext) async throws -> Settle_Rating_V1_TariffVersion {
        try await changeStatus(request, context: context) { version, actor in
            guard version.status == "validated" else {
                throw RatingError.failedPrecondition("\(request.code)@\(request.version) is \(version.status); only a validated version can be activated")
            }
            // Maker-checker by peer identity: the creator cannot also put the rate in force.
            guard version.createdBy != actor else {
                throw RatingError.denied("\(request.code)@\(request.version) was created by \(actor); another person must activate it")
            }
            version.status = "active"
            version.activatedBy = actor
        }
    }

    func retireTariffVersion(_ request: Settle_Rating_V1_ChangeVersionStatusRequest, context: ServerContext) async throws -> Settle_Rating_V1_TariffVersion {
        try await changeStatus(request, context: context) { version, _ in
            guard version.status == "active" || version.status == "validated" else {
                throw RatingError.failedPrecondition("\(request.code)@\(request.version) is \(version.status); only a validated or active version can be retired")
            }
            version.status = "retired"
        }
    }

    /// One status change of a version, once per key: `change` checks the version as it stands
    /// (it may throw to refuse) and changes it; the version is saved with its before and after
    /// in the audit record. `actor` is the caller, for maker-checker.
    private func changeStatus(
        _ request: Settle_Rating_V1_ChangeVersionStatusRequest, context: ServerContext,
        _ change: @escaping @Sendable (_ version: inout Settle_Rating_V1_TariffVersion, _ actor: String) throws -> Void
    ) async throws -> Settle_Rating_V1_TariffVersion {
        let actor = context.peer.actor
        return try await store.mutate(request, idempotencyKey: request.idempotencyKey, context: context) { db, audit in
            var version = try TariffStore.version(request.code, request.version, in: db)
            let before = try version.jsonString()
            try change(&version, actor)
            try TariffStore.save(version, in: db)
            try audit.record(entity: "tariff_version/\(version.code)@\(version.version)", before: before, after: try version.jsonString())
            return version
        }.response
    }
}
