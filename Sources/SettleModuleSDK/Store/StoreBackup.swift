
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
        try BackupFile.write(writer, to: path, store: location)
    }
}
