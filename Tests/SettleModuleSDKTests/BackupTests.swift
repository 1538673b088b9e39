import Foundation
import GRDB
import SettleModuleSDK
import Testing

@Suite("Online backup")
struct BackupTests {
    @Test("a backup is a readable copy with the same rows, audit chain and migrations")
    func backupCopy() async throws {
        try await withTemporaryDirectory { directory in
            let store = try ModuleStore(module: "accounts", dataDirectory: "\(directory)/live", migrations: Fixture.all)
            for name in ["Ana", "Bo", "Cy"] {
                try await store.write { db in
                    try db.execute(sql: "INSERT INTO customer (name) VALUES (?)", arguments: [name])
                    try AuditLog.append(
                        AuditEntry(actor: "clerk", method: "CreateCustomer", entity: "customer/\(name)", after: name),
                        in: db)
                }
            }
            let copyDirectory = "\(directory)/copy"
            try FileManager.default.createDirectory(atPath: copyDirectory, withIntermediateDirectories: true)
            let bytes = try store.backup(to: "\(copyDirectory)/accounts.sqlite")

            let size = try FileManager.default.attributesOfItem(atPath: "\(copyDirectory)/accounts.sqlite")[.size]
            #expect(bytes > 0)
            #expect((size as? NSNumber)?.uint64Value == bytes)

            // The live store keeps working after the backup.
            try await store.write { db in try db.execute(sql: "INSERT INTO customer (name) VALUES ('Di')") }
            try store.close()

            let copy = try ModuleStore(module: "accounts", dataDirectory: copyDirectory, migrations: Fixture.all)
            let names = try await copy.read { db in try String.fetchAll(db, sql: "SELECT name FROM customer ORDER BY id") }
            #expect(names == ["Ana", "Bo", "Cy"])
            #expect(try await copy.appliedMigrations() == Fixture.sdk + Fixture.all.map(\.id))
            let verification = try await copy.verifyAuditChain()
            #expect(verification.intact && verification.recordsChecked == 3)
            try copy.close()
        }
    }

    @Test("a backup never overwrites an existing file")
    func refusesExistingFile() async throws {
        try await withTemporaryDirectory { directory in
            let target = "\(directory)/existing.sqlite"
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: target))
            let store = try Fixture.memoryStore()
            let error = await expectStoreError(.backupTargetExists) { try store.backup(to: target) }
            #expect(error?.message.contains(target) == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data("keep me".utf8))
        }
    }

    @Test("an in-memory store can be backed up; a missing directory fails cleanly")
    func memoryAndMissingDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let store = try Fixture.memoryStore()
            try await store.write { db in try db.execute(sql: "INSERT INTO customer (name) VALUES ('Ana')") }
            let target = "\(directory)/memory-copy.sqlite"
            #expect(try store.backup(to: target) > 0)
            let copy = try DatabaseQueue(path: target)
            #expect(try await copy.read { db in try String.fetchOne(db, sql: "SELECT name FROM customer") } == "Ana")
            try copy.close()

            await expectStoreError(.backupFailed) { try store.backup(to: "\(directory)/missing/copy.sqlite") }
        }
    }
}
