import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

extension DataSafety {
    /// The manifest written beside a backup's files.
    static let manifestName = "settle-backup.json"

    /// A backup of every store at one point in time: writes pause (drained, then held for the
    /// few milliseconds it takes to open a snapshot of each store), the snapshots are copied
    /// while writes go on, each module's audit head in the copy is anchored, and a manifest
    /// names the files and heads. With `verify` the copies are opened and checked across
    /// modules before the call returns.
    func backup(to directory: String, verify: Bool) async throws -> Settle_Host_V1_BackupResponse {
        guard directory.hasPrefix("/") else {
            throw RPCError(.invalidArgument, "backup directory must be an absolute path on the host, not \"\(directory)\"")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RPCError(.failedPrecondition, "cannot create backup directory \(directory): \(error.localizedDescription)")
        }
        for (module, _) in stores {
            let target = (directory as NSString).appendingPathComponent("\(module.descriptor.name).sqlite")
            if FileManager.default.fileExists(atPath: target) {
                throw RPCError(.alreadyExists, "\(target) already exists; choose an empty directory for each backup")
            }
        }
        let manifestPath = (directory as NSString).appendingPathComponent(Self.manifestName)
        let (snapshots, hold) = try await snapshots()
        defer { for snapshot in snapshots { snapshot.close() } }
        let takenAt = UTCTimestamp.seconds(from: Date())
        let anchors = self.anchors
        let logger = self.logger
        var response = try await offTheEventLoop {
            var response = Settle_Host_V1_BackupResponse()
            var entries: [[String: Any]] = []
            for snapshot in snapshots {
                let target = (directory as NSString).appendingPathComponent("\(snapshot.module).sqlite")
                let bytes: UInt64
                let head: (sequence: UInt64, hash: String)
                do {
                    head = try snapshot.auditHead()
                    bytes = try snapshot.backup(to: target)
                } catch let error as StoreError {
                    throw error.code == .backupTargetExists ? RPCError(.alreadyExists, error.message) : RPCError(.internalError, "backup of module \(snapshot.module) failed: \(error.message)")
                }
                do {
                    try anchors?.append(module: snapshot.module, sequence: head.sequence, hash: head.hash, why: "backup")
                } catch {
                    logger.error("could not anchor the audit chain at the backup", metadata: ["module": "\(snapshot.module)", "error": "\(error)"])
                }
                var file = Settle_Host_V1_BackupFile()
                file.module = snapshot.module
                file.path = target
                file.bytes = bytes
                response.files.append(file)
                entries.append(["module": snapshot.module, "file": "\(snapshot.module).sqlite", "bytes": bytes,
                                "audit_sequence": head.sequence, "audit_hash": head.hash])
            }
            let manifest: [String: Any] = ["taken_at": takenAt, "writes_held_micros": Self.micros(hold.held), "modules": entries]
            let data = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: manifestPath), options: .withoutOverwriting)
            return response
        }
        response.writesHeldMicros = Self.micros(hold.held)
        response.manifestPath = manifestPath
        logger.info("backup written", metadata: ["directory": "\(directory)", "writes_held_us": "\(response.writesHeldMicros)"])
        if verify {
            response.check = try await checkBackup(directory)
        }
        return response
    }

    static func micros(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds / 1_000_000_000_000))
    }
}
