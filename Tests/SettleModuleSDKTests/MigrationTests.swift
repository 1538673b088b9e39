import Foundation
import GRDB
import SettleModuleSDK
import Testing

@Suite("Store migrations")
struct MigrationTests {
    private static let sql = "CREATE TABLE t (id INTEGER PRIMARY KEY);"

    @Test("bad migration ids are refused, naming the id", arguments: [
        ("billing.0001-create-bills", "must start with 'accounts.'"),
        ("accounts.001-create-customers", "4-digit number"),
        ("accounts.00001-create-customers", "4-digit number"),
        ("accounts.0001_create-customers", "4-digit number"),
        ("accounts.0001-", "lower-case kebab"),
        ("accounts.0001-Create-Customers", "lower-case kebab"),
        ("accounts.0001-create_customers", "lower-case kebab"),
        ("accounts.0001-create--customers", "lower-case kebab"),
        ("accounts.0001-create-customers-", "lower-case kebab"),
        ("accounts.0000-create-customers", "numbered from 0001"),
        ("accounts.sdk-0001-idempotency", "4-digit number"),
    ])
    func badNames(id: String, complaint: String) async throws {
        let error = await expectStoreError(.invalidMigration) {
            try StoreMigration.validate([StoreMigration(id: id, sql: Self.sql)], module: "accounts")
        }
        #expect(error?.message.contains("'\(id)'") == true, "\(String(describing: error))")
        #expect(error?.message.contains(complaint) == true, "\(String(describing: error))")

        // Opening a store checks the same rules.
        await expectStoreError(.invalidMigration) {
            _ = try ModuleStore(module: "accounts", migrations: [StoreMigration(id: id, sql: Self.sql)])
        }
    }

    @Test("numbers must strictly increase")
    func ordering() async throws {
        for pair in [("0002", "0002"), ("0003", "0002")] {
            let migrations = [
                StoreMigration(id: "accounts.\(pair.0)-first", sql: Self.sql),
                StoreMigration(id: "accounts.\(pair.1)-second", sql: "CREATE TABLE u (id INTEGER);"),
            ]
            let error = await expectStoreError(.invalidMigration) {
                try StoreMigration.validate(migrations, module: "accounts")
            }
            #expect(error?.message.contains("accounts.\(pair.1)-second") == true)
        }
        // Gaps are fine: numbers only have to increase.
        try StoreMigration.validate(
            [StoreMigration(id: "accounts.0001-a", sql: Self.sql), StoreMigration(id: "accounts.0005-b", sql: Self.sql)],
            module: "accounts")
    }

    @Test("empty SQL and bad module names are refused")
    func emptySQLAndModuleName() async throws {
        let error = await expectStoreError(.invalidMigration) {
            try StoreMigration.validate([StoreMigration(id: "accounts.0001-nothing", sql: "  \n")], module: "accounts")
        }
        #expect(error?.message.contains("accounts.0001-nothing") == true)
        for module in ["Accounts", "", "special_programs", "1accounts", "../etc", "a-"] {
            await expectStoreError(.invalidModuleName) {
                _ = try ModuleStore(module: module, migrations: [])
            }
        }
        _ = try ModuleStore(module: "special-programs", migrations: [])
    }

    @Test("SDK migrations run first, then the module's")
    func appliedOrder() async throws {
        let store = try Fixture.memoryStore()
        #expect(try await store.appliedMigrations() == Fixture.sdk + Fixture.all.map(\.id))
        #expect(store.path == nil)
    }

    @Test("migrations are applied once across reopening, new ones added")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let first = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: [Fixture.createCustomers])
            #expect(first.path == "\(directory)/accounts.sqlite")
            try await first.write { db in try db.execute(sql: "INSERT INTO customer (name) VALUES ('Ana')") }
            try first.close()

            // CREATE TABLE customer would fail if 0001 ran again.
            let second = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all)
            #expect(try await second.appliedMigrations() == Fixture.sdk + Fixture.all.map(\.id))
            try await second.write { db in try db.execute(sql: "UPDATE customer SET email = 'ana@example.org'") }
            try second.close()

            let third = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all)
            let email = try await third.read { db in try String.fetchOne(db, sql: "SELECT email FROM customer") }
            #expect(email == "ana@example.org")
            try third.close()
        }
    }

    @Test("a database migrated by newer code is refused")
    func unknownAppliedMigration() async throws {
        try await withTemporaryDirectory { directory in
            try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all).close()
            let error = await expectStoreError(.unknownAppliedMigration) {
                _ = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: [Fixture.createCustomers])
            }
            #expect(error?.message.contains("accounts.0002-add-customer-email") == true)
            #expect(error?.message.contains("accounts.0003-create-counter") == true)
            #expect(error?.message.contains("newer code") == true)
        }
    }

    @Test("a migration inserted before an applied one is refused")
    func insertedMigration() async throws {
        try await withTemporaryDirectory { directory in
            try ModuleStore(
                module: "accounts", dataDirectory: directory, migrations: [Fixture.createCustomers, Fixture.createCounter]
            ).close()
            let error = await expectStoreError(.migrationHistoryMismatch) {
                _ = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all)
            }
            #expect(error?.message.contains("'accounts.0002-add-customer-email'") == true)
            #expect(error?.message.contains("'accounts.0003-create-counter'") == true)
        }
    }

    @Test("a failing migration names itself and commits nothing of itself")
    func failingMigration() async throws {
        try await withTemporaryDirectory { directory in
            let broken = StoreMigration(
                id: "accounts.0002-broken",
                sql: "CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);")
            let error = await expectStoreError(.migrationFailed) {
                _ = try ModuleStore(
                    module: "accounts", dataDirectory: directory, migrations: [Fixture.createCustomers, broken])
            }
            #expect(error?.message.contains("accounts.0002-broken") == true)

            let store = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: [Fixture.createCustomers])
            #expect(try await store.appliedMigrations() == Fixture.sdk + [Fixture.createCustomers.id])
            #expect(try await store.read { db in try db.tableExists("half") } == false)
            try store.close()
        }
    }

    @Test("a file that is not a database is refused")
    func notADatabase() async throws {
        try await withTemporaryDirectory { directory in
            try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: "\(directory)/accounts.sqlite"))
            let error = await expectStoreError(.cannotOpen) {
                _ = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all)
            }
            #expect(error?.message.contains("\(directory)/accounts.sqlite") == true)
        }
    }

    @Test("file stores use WAL, NORMAL sync, foreign keys and a busy timeout")
    func pragmas() async throws {
        try await withTemporaryDirectory { directory in
            let store = try ModuleStore(module: "accounts", dataDirectory: "\(directory)/nested/data", migrations: [])
            let (journal, synchronous, foreignKeys, busy) = try await store.write { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                    try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
                )
            }
            #expect(journal == "wal")
            #expect(synchronous == 1)
            #expect(foreignKeys == 1)
            #expect(busy == 5000)
            #expect(FileManager.default.fileExists(atPath: "\(directory)/nested/data/accounts.sqlite"))
            try store.close()
            // Closing the last connection checkpoints the WAL into the file and removes it.
            #expect(!FileManager.default.fileExists(atPath: "\(directory)/nested/data/accounts.sqlite-wal"))
            try store.close()  // closing twice is harmless
            await #expect(throws: (any Error).self) {
                try await store.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
            }
        }
    }
}
