import Foundation
import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import Testing

@Suite("Mutations through the SDK")
struct MutationTests {
    private static let method = MethodDescriptor(service: "settle.test.v1.Test", method: "Rename", kind: .unary, requiredRole: .clerk)

    private static func context(key: String?, reason: String = "customer asked", uid: UInt32 = 1001) -> ServerContext {
        var metadata = ["reason": reason]
        if let key { metadata["idempotency-key"] = key }
        return ServerContext(method: method, peer: PeerIdentity(uid: uid, gid: 100, pid: 42, role: .clerk), deadline: nil, metadata: metadata)
    }

    private static func request(_ note: String) -> Settle_Diag_V1_EchoRequest {
        var request = Settle_Diag_V1_EchoRequest()
        request.note = note
        return request
    }

    private static func rename(_ store: ModuleStore, to name: String, key: String?) async throws -> IdempotentResponse<Settle_Diag_V1_EchoResponse> {
        try await store.mutate(request(name), context: context(key: key)) { db, audit in
            let before = try String.fetchOne(db, sql: "SELECT name FROM customer WHERE id = 1") ?? ""
            try db.execute(sql: "UPDATE customer SET name = ? WHERE id = 1", arguments: [name])
            try audit.record(entity: "customer/1", before: before, after: name)
            var response = Settle_Diag_V1_EchoResponse()
            response.note = "renamed \(before) to \(name)"
            return response
        }
    }

    private static func store() async throws -> ModuleStore {
        let store = try ModuleStore(module: "accounts", migrations: [Fixture.createCustomers])
        try await store.write { db in try db.execute(sql: "INSERT INTO customer (id, name) VALUES (1, 'Ada')") }
        return store
    }

    @Test("a mutation writes one audit record with the caller as actor and the reason from metadata")
    func auditsWithActorAndReason() async throws {
        let store = try await Self.store()
        let result = try await Self.rename(store, to: "Grace", key: "k-1")
        #expect(result.response.note == "renamed Ada to Grace")
        let records = try await store.auditRecords(entity: "customer/1")
        #expect(records.count == 1)
        #expect(records.first?.actor == "uid:1001")
        #expect(records.first?.method == "/settle.test.v1.Test/Rename")
        #expect(records.first?.before == "Ada")
        #expect(records.first?.after == "Grace")
        #expect(records.first?.reason == "customer asked")
        #expect(try await store.verifyAuditChain().intact)
    }

    @Test("a retry with the same key returns the first response and changes nothing more")
    func retryIsReplayed() async throws {
        let store = try await Self.store()
        let first = try await Self.rename(store, to: "Grace", key: "k-1")
        let second = try await Self.rename(store, to: "Grace", key: "k-1")
        #expect(second.replayed)
        #expect(second.response == first.response)
        #expect(try await store.auditRecords(entity: "customer/1").count == 1)
    }

    @Test("the same key for a different request is FAILED_PRECONDITION; no key is INVALID_ARGUMENT")
    func keyMisuse() async throws {
        let store = try await Self.store()
        _ = try await Self.rename(store, to: "Grace", key: "k-1")
        do {
            _ = try await Self.rename(store, to: "Hopper", key: "k-1")
            Issue.record("reusing a key for another request must fail")
        } catch let error as RPCError {
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains("k-1"))
        }
        do {
            _ = try await Self.rename(store, to: "Hopper", key: nil)
            Issue.record("a mutation without a key must fail")
        } catch let error as RPCError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("idempotency key"))
        }
        let name = try await store.read { db in try String.fetchOne(db, sql: "SELECT name FROM customer WHERE id = 1") }
        #expect(name == "Grace")
    }

    @Test("a body that throws commits neither the change nor its audit record")
    func failureCommitsNothing() async throws {
        let store = try await Self.store()
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await store.mutate(Self.request("x"), context: Self.context(key: "k-9")) { db, audit in
                try db.execute(sql: "UPDATE customer SET name = 'Nobody' WHERE id = 1")
                try audit.record(entity: "customer/1", after: "Nobody")
                throw Refused()
            } as IdempotentResponse<Settle_Diag_V1_EchoResponse>
        }
        #expect(try await store.auditRecords(entity: "customer/1").isEmpty)
        let name = try await store.read { db in try String.fetchOne(db, sql: "SELECT name FROM customer WHERE id = 1") }
        #expect(name == "Ada")
    }
}
