import Foundation
import GRDB
import SettleModuleSDK
import SwiftProtobuf
import Testing

@Suite("Idempotency")
struct IdempotencyTests {
    private static let method = "settle.accounts.v1.Accounts/CreateCustomer"

    /// A mutation that counts its runs and answers with the run number.
    private static func countingBody(_ db: Database) throws -> [UInt8] {
        try db.execute(sql: "UPDATE counter SET runs = runs + 1")
        let runs = try Int.fetchOne(db, sql: "SELECT runs FROM counter") ?? -1
        return [UInt8(truncatingIfNeeded: runs), 0xAB]
    }

    private static func runs(_ store: ModuleStore) async throws -> Int? {
        try await store.read { db in try Int.fetchOne(db, sql: "SELECT runs FROM counter") }
    }

    @Test("a retry returns the first response and does not run the body again")
    func replay() async throws {
        let store = try Fixture.memoryStore()
        let fingerprint = ModuleStore.requestFingerprint(Array("request-1".utf8))
        let first = try await store.idempotent(
            method: Self.method, key: "k-1", requestFingerprint: fingerprint, body: Self.countingBody)
        #expect(first.response == [1, 0xAB])
        #expect(first.replayed == false)

        let retry = try await store.idempotent(
            method: Self.method, key: "k-1", requestFingerprint: fingerprint, body: Self.countingBody)
        #expect(retry.response == [1, 0xAB])
        #expect(retry.replayed == true)
        #expect(retry.recordedAt == first.recordedAt)
        #expect(try await Self.runs(store) == 1)

        // Another key, or the same key on another method, is a new call.
        let other = try await store.idempotent(
            method: Self.method, key: "k-2", requestFingerprint: fingerprint, body: Self.countingBody)
        let otherMethod = try await store.idempotent(
            method: "settle.accounts.v1.Accounts/CloseAccount", key: "k-1", requestFingerprint: fingerprint,
            body: Self.countingBody)
        #expect(other.response == [2, 0xAB] && !other.replayed)
        #expect(otherMethod.response == [3, 0xAB] && !otherMethod.replayed)
    }

    @Test("the same key with a different request is refused")
    func conflict() async throws {
        let store = try Fixture.memoryStore()
        _ = try await store.idempotent(
            method: Self.method, key: "k-1", requestFingerprint: ModuleStore.requestFingerprint([1]),
            body: Self.countingBody)
        let error = await expectStoreError(.idempotencyConflict) {
            _ = try await store.idempotent(
                method: Self.method, key: "k-1", requestFingerprint: ModuleStore.requestFingerprint([2]),
                body: Self.countingBody)
        }
        #expect(
            error?.message
                == "idempotency key 'k-1' was already used for a different request to \(Self.method)")
        #expect(try await Self.runs(store) == 1)
    }

    @Test("empty or oversized keys and empty methods are refused before the body runs")
    func badKeys() async throws {
        let store = try Fixture.memoryStore()
        let error = await expectStoreError(.invalidIdempotencyKey) {
            _ = try await store.idempotent(
                method: Self.method, key: "", requestFingerprint: [1], body: Self.countingBody)
        }
        #expect(error?.message.contains(Self.method) == true)
        await expectStoreError(.invalidIdempotencyKey) {
            _ = try await store.idempotent(
                method: Self.method, key: String(repeating: "k", count: 257), requestFingerprint: [1],
                body: Self.countingBody)
        }
        await expectStoreError(.invalidIdempotencyKey) {
            _ = try await store.idempotent(method: "", key: "k", requestFingerprint: [1], body: Self.countingBody)
        }
        #expect(try await Self.runs(store) == 0)
    }

    @Test("a body that throws records nothing, and the retry runs it")
    func failingBody() async throws {
        struct Refused: Error {}
        let store = try Fixture.memoryStore()
        await #expect(throws: Refused.self) {
            _ = try await store.idempotent(method: Self.method, key: "k-1", requestFingerprint: [9]) { db in
                _ = try Self.countingBody(db)  // rolled back with the rest
                throw Refused()
            }
        }
        #expect(try await Self.runs(store) == 0)
        #expect(try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM settle_idempotency") } == 0)

        let retry = try await store.idempotent(
            method: Self.method, key: "k-1", requestFingerprint: [9], body: Self.countingBody)
        #expect(retry.replayed == false)
        #expect(retry.response == [1, 0xAB])
    }

    @Test("concurrent retries run the body once")
    func concurrentRetries() async throws {
        try await withTemporaryDirectory { directory in
            let store = try ModuleStore(module: "accounts", dataDirectory: directory, migrations: Fixture.all)
            let results = try await withThrowingTaskGroup(of: IdempotentResult.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await store.idempotent(
                            method: Self.method, key: "same", requestFingerprint: [7], body: Self.countingBody)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { !$0.replayed }.count == 1)
            #expect(Set(results.map(\.response)) == [[1, 0xAB]])
            #expect(try await Self.runs(store) == 1)
            try store.close()
        }
    }

    @Test("typed protobuf calls replay the first response message")
    func typedMessages() async throws {
        let store = try Fixture.memoryStore()
        let request = Google_Protobuf_StringValue.with { $0.value = "create Ana" }
        let body: @Sendable (Database) throws -> Google_Protobuf_Int64Value = { db in
            let runs = try Self.countingBody(db)[0]
            return .with { $0.value = Int64(runs) * 100 }
        }
        let first = try await store.idempotent(method: Self.method, key: "k-1", request: request, body: body)
        let retry = try await store.idempotent(method: Self.method, key: "k-1", request: request, body: body)
        #expect(first.response.value == 100 && !first.replayed)
        #expect(retry.response == first.response && retry.replayed)

        let different = Google_Protobuf_StringValue.with { $0.value = "create Bo" }
        await expectStoreError(.idempotencyConflict) {
            _ = try await store.idempotent(method: Self.method, key: "k-1", request: different, body: body)
        }
        #expect(try await Self.runs(store) == 1)
    }

    @Test("protobuf fingerprints ignore map ordering")
    func deterministicFingerprint() throws {
        var forward = Google_Protobuf_Struct()
        var backward = Google_Protobuf_Struct()
        let keys = (0..<50).map { "field-\($0)" }
        for key in keys { forward.fields[key] = .init(stringValue: key) }
        for key in keys.reversed() { backward.fields[key] = .init(stringValue: key) }
        #expect(try ModuleStore.requestFingerprint(of: forward) == ModuleStore.requestFingerprint(of: backward))
        #expect(try ModuleStore.requestFingerprint(of: forward).count == 32)
    }
}
