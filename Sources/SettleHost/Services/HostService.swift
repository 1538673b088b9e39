import Foundation
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
            } else {
                health.status = "SERVING"
            }
            response.modules.append(health)
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
            info.consumes = module.descriptor.consumes
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
        let directory = request.directory
        guard directory.hasPrefix("/") else {
            throw RPCError(.invalidArgument, "backup directory must be an absolute path on the host, not \"\(directory)\"")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RPCError(.failedPrecondition, "cannot create backup directory \(directory): \(error.localizedDescription)")
        }
        var response = Settle_Host_V1_BackupResponse()
        for module in modules {
            guard let store = module.store else { continue }
            let target = (directory as NSString).appendingPathComponent("\(module.descriptor.name).sqlite")
            if FileManager.default.fileExists(atPath: target) {
                throw RPCError(.alreadyExists, "\(target) already exists; choose an empty directory for each backup")
            }
            let bytes: UInt64
            do {
                bytes = try store.backup(to: target)
            } catch {
                throw RPCError(.internalError, "backup of module \(module.descriptor.name) failed: \(error)")
            }
            var file = Settle_Host_V1_BackupFile()
            file.module = module.descriptor.name
            file.path = target
            file.bytes = bytes
            response.files.append(file)
        }
        return response
    }

    func verifyAudit(_ request: Settle_Host_V1_VerifyAuditRequest, context: ServerContext) async throws -> Settle_Host_V1_VerifyAuditResponse {
        guard let module = modules.first(where: { $0.descriptor.name == request.module }) else {
            let known = modules.map(\.descriptor.name).joined(separator: ", ")
            throw RPCError(.notFound, "no module named \"\(request.module)\" is loaded (loaded: \(known))")
        }
        guard let store = module.store else {
            throw RPCError(.failedPrecondition, "module \(request.module) keeps no store, so it has no audit log")
        }
        let verification = try await store.verifyAuditChain()
        var response = Settle_Host_V1_VerifyAuditResponse()
        response.module = request.module
        response.intact = verification.intact
        response.recordsChecked = verification.recordsChecked
        response.firstBrokenSequence = verification.firstBrokenSequence ?? 0
        response.problem = verification.problem
        return response
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
