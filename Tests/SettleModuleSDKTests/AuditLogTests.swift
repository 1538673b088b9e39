import Foundation
import GRDB
import Testing

@testable import SettleModuleSDK

@Suite("Audit log")
struct AuditLogTests {
    private static func entry(_ n: Int, entity: String? = nil) -> AuditEntry {
        AuditEntry(
            actor: "clerk:ana", method: "settle.accounts.v1.Accounts/UpdateAccount",
            entity: entity ?? "account/\(1000 + n % 3)", before: #"{"n":\#(n - 1)}"#, after: #"{"n":\#(n)}"#,
            reason: "change \(n)", at: Date(timeIntervalSince1970: 1_700_000_000 + Double(n)))
    }

    /// A store with `count` records appended, one transaction each.
    private static func store(with count: Int) async throws -> ModuleStore {
        let store = try Fixture.memoryStore()
        for n in 1...count {
            try await store.write { db in _ = try AuditLog.append(Self.entry(n), in: db) }
        }
        return store
    }

    /// Runs raw SQL with the append-only triggers dropped, as an attacker with file access could.
    private static func tamper(_ store: ModuleStore, _ sql: String, arguments: StatementArguments = []) async throws {
        try await store.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS settle_audit_log_no_update")
            try db.execute(sql: "DROP TRIGGER IF EXISTS settle_audit_log_no_delete")
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    @Test("the chain is intact after many appends, linked from the genesis hash")
    func intactChain() async throws {
        let store = try await Self.store(with: 40)
        let verification = try await store.verifyAuditChain()
        #expect(verification == AuditVerification(intact: true, recordsChecked: 40, firstBrokenSequence: nil, problem: ""))

        let records = try await store.auditRecords(limit: 1000)
        #expect(records.map(\.sequence) == Array(1...40))
        #expect(records.first?.prevHash == AuditLog.genesisHash)
        for (previous, next) in zip(records, records.dropFirst()) {
            #expect(next.prevHash == previous.hash)
        }
        #expect(records.allSatisfy { $0.hash == $0.expectedHash && $0.hash.count == 64 })
        #expect(records.first?.at == "2023-11-14T22:13:21.000Z")
    }

    @Test("the hash is SHA-256 of the documented canonical encoding")
    func knownAnswer() async throws {
        let store = try Fixture.memoryStore()
        let record = try await store.write { db in
            try AuditLog.append(
                AuditEntry(
                    actor: "clerk:ana", method: "settle.accounts.v1.Accounts/CloseAccount", entity: "account/1001",
                    before: #"{"status":"active"}"#, after: #"{"status":"closed"}"#,
                    reason: "customer moved — final bill", at: Date(timeIntervalSince1970: 1_700_000_000.5)),
                in: db)
        }
        #expect(record.sequence == 1)
        #expect(record.at == "2023-11-14T22:13:20.500Z")
        // Computed independently (Python hashlib) from the encoding documented on AuditLog.
        #expect(record.hash == "d7bd08e2e580e314d2682476ad39df8c68dc853355c92ed43869339059934519")
    }

    @Test("length prefixes keep field boundaries from shifting")
    func boundaries() {
        let zero = AuditLog.genesisHash
        let a = AuditRecord.chainHash(
            sequence: 1, at: "t", actor: "ab", method: "c", entity: "e", before: "", after: "", reason: "",
            prevHash: zero)
        let b = AuditRecord.chainHash(
            sequence: 1, at: "t", actor: "a", method: "bc", entity: "e", before: "", after: "", reason: "",
            prevHash: zero)
        let c = AuditRecord.chainHash(
            sequence: 1, at: "t", actor: "a", method: "bc", entity: "e", before: "x", after: "", reason: "",
            prevHash: zero)
        let d = AuditRecord.chainHash(
            sequence: 1, at: "t", actor: "a", method: "bc", entity: "e", before: "", after: "x", reason: "",
            prevHash: zero)
        #expect(Set([a, b, c, d]).count == 4)
    }

    @Test("UPDATE and DELETE are refused by triggers")
    func appendOnly() async throws {
        let store = try await Self.store(with: 3)
        for sql in ["UPDATE settle_audit_log SET reason = 'x' WHERE sequence = 2", "DELETE FROM settle_audit_log"] {
            await #expect {
                try await store.write { db in try db.execute(sql: sql) }
            } throws: { error in
                "\(error)".contains("append-only")
            }
        }
        #expect(try await store.verifyAuditChain().intact)
        #expect(try await store.auditRecords().count == 3)
    }

    @Test("an edited field is caught at its record")
    func editedField() async throws {
        let store = try await Self.store(with: 12)
        try await Self.tamper(store, "UPDATE settle_audit_log SET \"after\" = '{\"n\":999}' WHERE sequence = 7")
        let verification = try await store.verifyAuditChain()
        #expect(!verification.intact)
        #expect(verification.firstBrokenSequence == 7)
        #expect(verification.recordsChecked == 7)
        #expect(verification.problem.contains("hash mismatch"), "\(verification)")
    }

    @Test("an edited and re-hashed record breaks the next record's link")
    func rehashedRecord() async throws {
        let store = try await Self.store(with: 12)
        let seventh = try #require(try await store.auditRecords(limit: 100).first { $0.sequence == 7 })
        let forged = AuditRecord.chainHash(
            sequence: 7, at: seventh.at, actor: "clerk:mallory", method: seventh.method, entity: seventh.entity,
            before: seventh.before, after: seventh.after, reason: seventh.reason, prevHash: seventh.prevHash)
        try await Self.tamper(
            store, "UPDATE settle_audit_log SET actor = 'clerk:mallory', hash = ? WHERE sequence = 7",
            arguments: [forged])
        let verification = try await store.verifyAuditChain()
        #expect(verification.firstBrokenSequence == 8)
        #expect(verification.problem.contains("broken link"), "\(verification)")
    }

    @Test("a deleted middle record is caught as a gap")
    func deletedRecord() async throws {
        let store = try await Self.store(with: 10)
        try await Self.tamper(store, "DELETE FROM settle_audit_log WHERE sequence = 5")
        let verification = try await store.verifyAuditChain()
        #expect(!verification.intact)
        #expect(verification.firstBrokenSequence == 6)
        #expect(verification.problem.contains("gap in sequence"), "\(verification)")
        #expect(verification.problem.contains("record 5 is missing"), "\(verification)")
    }

    @Test("a deleted first record is caught")
    func deletedFirstRecord() async throws {
        let store = try await Self.store(with: 4)
        try await Self.tamper(store, "DELETE FROM settle_audit_log WHERE sequence = 1")
        let verification = try await store.verifyAuditChain()
        #expect(verification.firstBrokenSequence == 2)
        #expect(verification.problem.contains("record 1 is missing"), "\(verification)")
    }

    @Test("a record appended in a failed mutation rolls back with it")
    func rollback() async throws {
        struct Refused: Error {}
        let store = try await Self.store(with: 2)
        await #expect(throws: Refused.self) {
            try await store.write { db in
                try AuditLog.append(Self.entry(3), in: db)
                throw Refused()
            }
        }
        try await store.write { db in _ = try AuditLog.append(Self.entry(3), in: db) }
        #expect(try await store.auditRecords().map(\.sequence) == [1, 2, 3])
        #expect(try await store.verifyAuditChain().intact)
    }

    @Test("entries need actor, method and entity, and a transaction")
    func badEntries() async throws {
        let store = try Fixture.memoryStore()
        for bad in [
            AuditEntry(actor: "", method: "m", entity: "e"), AuditEntry(actor: "a", method: "", entity: "e"),
            AuditEntry(actor: "a", method: "m", entity: ""),
        ] {
            await expectStoreError(.invalidAuditEntry) {
                try await store.write { db in _ = try AuditLog.append(bad, in: db) }
            }
        }
        let error = await expectStoreError(.invalidAuditEntry) {
            try await store.writer.writeWithoutTransaction { db in
                _ = try AuditLog.append(AuditEntry(actor: "a", method: "m", entity: "e"), in: db)
            }
        }
        #expect(error?.message.contains("transaction") == true)
    }

    @Test("records are read newest-limited, oldest first, per entity")
    func reading() async throws {
        let store = try await Self.store(with: 9)  // entities cycle account/1001, 1002, 1000
        let forEntity = try await store.auditRecords(entity: "account/1001", limit: 2)
        #expect(forEntity.map(\.sequence) == [4, 7])
        #expect(forEntity.allSatisfy { $0.entity == "account/1001" })
        #expect(try await store.auditRecords(limit: 3).map(\.sequence) == [7, 8, 9])
        #expect(try await store.auditRecords(limit: 0).isEmpty)
        #expect(try await store.auditRecords(entity: "account/none").isEmpty)
    }

    @Test("an empty chain is intact")
    func emptyChain() async throws {
        let verification = try await Fixture.memoryStore().verifyAuditChain()
        #expect(verification.intact && verification.recordsChecked == 0)
    }
}
