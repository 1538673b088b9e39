import Foundation
import Logging
import SettleContracts
import SettleModuleSDK
import SettleRPC
import Synchronization

/// What keeps a host's stores safe together: the write gate for one-point-in-time backups,
/// the cross-module check, audit-chain anchors, and the start-up check after a restore.
final class DataSafety: Sendable {
    let modules: [LoadedModule]
    let gate: WriteGate
    let anchors: AuditAnchors?
    let settings: DataSafetySettings
    let logger: Logger
    private let startup = Mutex<Settle_Host_V1_CheckConsistencyResponse?>(nil)

    init(modules: [LoadedModule], gate: WriteGate, anchors: AuditAnchors?, settings: DataSafetySettings, logger: Logger) {
        self.modules = modules
        self.gate = gate
        self.anchors = anchors
        self.settings = settings
        self.logger = logger
    }

    /// Modules that keep a store, with it.
    var stores: [(module: LoadedModule, store: ModuleStore)] {
        modules.compactMap { module in module.store.map { (module, $0) } }
    }

    /// One snapshot of every store, all at the same point in time: writes are held at the gate
    /// while they are taken (a few milliseconds), after the writes in flight drained.
    func snapshots() async throws -> (snapshots: [StoreSnapshot], hold: WriteGate.Hold) {
        let stores = self.stores.map(\.store)
        do {
            return try await gate.quiesce(drainTimeout: settings.backupDrainTimeout) {
                var taken: [StoreSnapshot] = []
                do {
                    for store in stores { taken.append(try store.snapshot()) }
                } catch {
                    for snapshot in taken { snapshot.close() }
                    throw error
                }
                return taken
            }
        } catch let error as WriteGate.DrainTimeout {
            throw RPCError(.unavailable, "writes did not pause for the snapshot: \(error)")
        }
    }

    /// The cross-module check over `snapshots`.
    func check(_ snapshots: [StoreSnapshot], source: String) throws -> Settle_Host_V1_CheckConsistencyResponse {
        let references = Dictionary(modules.map { ($0.descriptor.name, $0.crossReferences) }, uniquingKeysWith: { first, _ in first })
        let report = try ConsistencyCheck.run(snapshots.map { ConsistencyCheck.Source(references: references[$0.module] ?? [], snapshot: $0) })
        return Self.response(report, source: source)
    }

    /// The live stores checked at one point in time.
    func checkLive() async throws -> Settle_Host_V1_CheckConsistencyResponse {
        let (snapshots, _) = try await snapshots()
        defer { for snapshot in snapshots { snapshot.close() } }
        return try await offTheEventLoop { [self] in try check(snapshots, source: "live") }
    }

    /// A backup folder checked, before it is ever restored.
    func checkBackup(_ directory: String) async throws -> Settle_Host_V1_CheckConsistencyResponse {
        var snapshots: [StoreSnapshot] = []
        defer { for snapshot in snapshots { snapshot.close() } }
        for (module, _) in stores {
            let path = (directory as NSString).appendingPathComponent("\(module.descriptor.name).sqlite")
            do {
                snapshots.append(try StoreSnapshot.openBackup(module: module.descriptor.name, path: path))
            } catch let error as StoreError {
                throw RPCError(.failedPrecondition, error.message)
            }
        }
        let opened = snapshots
        return try await offTheEventLoop { [self] in try check(opened, source: directory) }
    }

    /// Runs the check on the live stores as the host starts (so after every restore) and
    /// keeps its result for `health`; problems are logged as critical.
    func runStartupCheck() async {
        do {
            let response = try await checkLive()
            startup.withLock { $0 = response }
            if response.consistent {
                logger.info("cross-module check at start-up: consistent", metadata: ["references": "\(response.references.count)"])
            } else {
                for line in Self.problems(response) { logger.critical("cross-module check at start-up failed: \(line)") }
            }
        } catch {
            logger.error("cross-module check at start-up could not run: \(error)")
        }
    }

    var startupCheck: Settle_Host_V1_CheckConsistencyResponse? { startup.withLock { $0 } }

    static func response(_ report: ConsistencyCheck.Report, source: String) -> Settle_Host_V1_CheckConsistencyResponse {
        var response = Settle_Host_V1_CheckConsistencyResponse()
        response.consistent = report.consistent
        response.source = source
        response.references = report.findings.map { finding in
            var check = Settle_Host_V1_ReferenceCheck()
            check.reference = finding.reference
            check.requiredBy = finding.requiredBy
            check.providedBy = finding.providedBy
            check.describes = finding.describes
            check.checked = finding.checked
            check.missing = finding.missing
            check.differing = finding.differing
            check.examples = finding.examples
            check.skipped = finding.skipped
            return check
        }
        return response
    }

    /// One line per failed reference, for logs and health.
    static func problems(_ response: Settle_Host_V1_CheckConsistencyResponse) -> [String] {
        response.references.filter { $0.missing > 0 || $0.differing > 0 }.map { check in
            "\(check.missing) of \(check.checked) \(check.describes) of \(check.requiredBy) are missing from \(check.providedBy), \(check.differing) differ (\(check.reference)); e.g. \(check.examples.prefix(3).joined(separator: "; "))"
        }
    }
}
