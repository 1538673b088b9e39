import Foundation
import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleWire

/// The host's own contract: health, version, what is loaded, and operations spanning stores.
struct HostService: HostV1.ServiceProtocol {
    let modules: [LoadedModule]
    let routerSource: RouterSource
    let startedAt: ContinuousClock.Instant
    let version: String
    let safety: DataSafety

    func health(_ request: Settle_Host_V1_HealthRequest, context: ServerContext) async throws -> Settle_Host_V1_HealthResponse {
        var response = Settle_Host_V1_HealthResponse()
        var allServing = true
        for module in modules {
            var health = Settle_Host_V1_ModuleHealth()
            health.name = module.descriptor.name
            if let store = module.store {
                do {
                    _ = try await store.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
                    health.status = "SERVING"
                } catch {
                    allServing = false
                    health.status = "NOT_SERVING"
                    health.detail = "store does not answer: \(error)"
                }
                health.writes = "SERVING"
                if let fault = store.writeFault {
                    allServing = false
                    health.status = "NOT_SERVING"
                    health.writes = "NOT_SERVING"
                    health.detail = fault.description
                }
            } else {
                health.status = "SERVING"
            }
            response.modules.append(health)
        }
        if let check = safety.startupCheck {
            response.startupCheck = check
            if !check.consistent { allServing = false }
        }
        response.status = allServing ? "SERVING" : "NOT_SERVING"
        response.uptimeSeconds = UInt64(max(0, (ContinuousClock.now - startedAt).components.seconds))
        return response
    }

    func version(_ request: Settle_Host_V1_VersionRequest, context: ServerContext) async throws -> Settle_Host_V1_VersionResponse {
        var response = Settle_Host_V1_VersionResponse()
        response.version = version
        response.protocolVersion = UInt32(Preface.currentVersion)
        #if swift(>=6.3)
        response.swiftVersion = "6.3"
        #else
        response.swiftVersion = "6.x"
        #endif
        return response
    }

    func listModules(_ request: Settle_Host_V1_ListModulesRequest, context: ServerContext) async throws -> Settle_Host_V1_ListModulesResponse {
        var response = Settle_Host_V1_ListModulesResponse()
        for module in modules {
            var info = Settle_Host_V1_ModuleInfo()
            info.name = module.descriptor.name
            info.version = module.descriptor.version
            info.serves = module.descriptor.serves
            // Optional contracts are listed when this host connected them.
            info.consumes = module.descriptor.consumes + module.descriptor.optionallyConsumes.filter { module.consumedFrom[$0] != nil }
            info.consumedFrom = module.consumedFrom
            info.storePath = module.store?.path ?? ""
            info.migrations = (try? await module.store?.appliedMigrations()) ?? []
            response.modules.append(info)
        }
        return response
    }

    func listMethods(_ request: Settle_Host_V1_ListMethodsRequest, context: ServerContext) async throws -> Settle_Host_V1_ListMethodsResponse {
        var response = Settle_Host_V1_ListMethodsResponse()
        response.methods = routerSource.router.allMethods.map { method in
            var info = Settle_Host_V1_MethodInfo()
            info.name = method.descriptor.fullName
            info.kind = method.descriptor.kind.rawValue
            info.requiredRole = method.descriptor.requiredRole.name
            info.module = method.module
            return info
        }
        return response
    }

    func backup(_ request: Settle_Host_V1_BackupRequest, context: ServerContext) async throws -> Settle_Host_V1_BackupResponse {
        try await safety.backup(to: request.directory, verify: request.verify)
    }

    func verifyAudit(_ request: Settle_Host_V1_VerifyAuditRequest, context: ServerContext) async throws -> Settle_Host_V1_VerifyAuditResponse {
        try await safety.verifyAudit(module: request.module)
    }

    func checkConsistency(_ request: Settle_Host_V1_CheckConsistencyRequest, context: ServerContext) async throws -> Settle_Host_V1_CheckConsistencyResponse {
        if request.directory.isEmpty { return try await safety.checkLive() }
        guard request.directory.hasPrefix("/") else {
            throw RPCError(.invalidArgument, "directory must be an absolute path of a backup on the host, not \"\(request.directory)\"")
        }
        return try await safety.checkBackup(request.directory)
    }

    func whoAmI(_ request: Settle_Host_V1_WhoAmIRequest, context: ServerContext) async throws -> Settle_Host_V1_WhoAmIResponse {
        var response = Settle_Host_V1_WhoAmIResponse()
        response.uid = context.peer.uid
        response.gid = context.peer.gid
        response.pid = context.peer.pid
        response.role = context.peer.role.name
        return response
    }
}
