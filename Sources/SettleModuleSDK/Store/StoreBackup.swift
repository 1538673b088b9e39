internal import Foundation
internal import GRDB

extension ModuleStore {
    /// Copies the live store into a new SQLite file, consistently, without stopping writes.
    ///
    /// Uses SQLite's online backup API (GRDB's `backup(to:)`) from a read snapshot, so the
    /// copy is the store as of one instant, audit log and idempotency records included.
    /// The target file is created exclusively: an existing file is never overwritten. On
    /// failure the partial file is removed.
    ///
    /// - Parameter path: The new file's path; its directory must exist.
    /// - Returns: The size of the written file in bytes.
    /// - Throws: ``StoreError/Code/backupTargetExists`` or ``StoreError/Code/backupFailed``.
    @discardableResult
    public func backup(to path: String) throws -> UInt64 {
        let target = URL(fileURLWithPath: path)
        do {
            // `.withoutOverwriting` creates the file with O_EXCL: no check-then-create race.
            try Data().write(to: target, options: .withoutOverwriting)
        } catch {
            if FileManager.default.fileExists(atPath: path) {
                throw StoreError(
                    .backupTargetExists, "will not back up \(location) to \(path): that file already exists")
            }
            throw StoreError(.backupFailed, "cannot create backup file \(path): \(error)")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            try destination.close()
            let size = try target.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
            return UInt64(clamping: size)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw StoreError(.backupFailed, "backup of \(location) to \(path) failed: \(error)")
        }
    }
}
