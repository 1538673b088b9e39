internal import Foundation
internal import GRDB

/// Writes a database, as a reader sees it, into a new standalone SQLite file: the one way a
/// store is copied, whether a module backs itself up or the host backs up a snapshot.
enum BackupFile {
    /// Copies `source` into `path` with SQLite's online backup API.
    ///
    /// The file is created exclusively (O_EXCL through `.withoutOverwriting`: no check-then-create
    /// race), so an existing file is never overwritten; the copy is set to a rollback journal, so
    /// it is complete in itself without a `-wal` beside it; on failure the partial file is removed.
    /// `store` names the store in errors.
    /// - Returns: the file's size in bytes.
    static func write(_ source: any DatabaseReader, to path: String, store: String) throws -> UInt64 {
        let target = URL(fileURLWithPath: path)
        do {
            try Data().write(to: target, options: .withoutOverwriting)
        } catch {
            if FileManager.default.fileExists(atPath: path) {
                throw StoreError(.backupTargetExists, "will not back up \(store) to \(path): that file already exists")
            }
            throw StoreError(.backupFailed, "cannot create backup file \(path): \(error)")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try source.backup(to: destination)
            try destination.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
            let size = try target.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
            return UInt64(clamping: size)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw StoreError(.backupFailed, "backup of \(store) to \(path) failed: \(error)")
        }
    }
}
