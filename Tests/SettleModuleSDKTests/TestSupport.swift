import Foundation
import GRDB
import SettleModuleSDK
import Testing

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("settle-sdk-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.path)
}

/// Expects `body` to throw a ``StoreError`` with `code`, and returns it for more checks.
@discardableResult
func expectStoreError(
    _ code: StoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> StoreError? {
    do {
        try await body()
        Issue.record("expected StoreError \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected StoreError \(code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A small module schema used across the tests.
enum Fixture {
    static let createCustomers = StoreMigration(
        id: "accounts.0001-create-customers",
        sql: "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL);")
    static let addCustomerEmail = StoreMigration(
        id: "accounts.0002-add-customer-email",
        sql: "ALTER TABLE customer ADD COLUMN email TEXT;")
    static let createCounter = StoreMigration(
        id: "accounts.0003-create-counter",
        sql: "CREATE TABLE counter (id INTEGER PRIMARY KEY CHECK (id = 1), runs INTEGER NOT NULL); "
            + "INSERT INTO counter VALUES (1, 0);")

    static let all = [createCustomers, addCustomerEmail, createCounter]
    static let sdk = ["accounts.sdk-0001-idempotency", "accounts.sdk-0002-audit-log"]

    static func memoryStore() throws -> ModuleStore {
        try ModuleStore(module: "accounts", migrations: all)
    }
}
