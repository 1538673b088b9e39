import Foundation
import GRDB
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTransport
import SettleTestSupport
import XCTest

/// A module with a store whose Echo is an audited, idempotent mutation: enough to prove the
/// audit chain end to end, from a call over the socket to `settle audit verify`.
struct LedgerModule: SettleModule, DiagnosticsV1.ServiceProtocol {
    static let descriptor = ModuleDescriptor(
        name: "ledger",
        version: "1.0.0",
        serves: [DiagnosticsV1.serviceName],
        migrations: [StoreMigration(id: "ledger.0001-create-notes", sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);")]
    )

    let store: ModuleStore

    init(context: ModuleContext) async throws { store = try context.requireStore() }

    func registerMethods(with router: inout Router) throws(RouterError) {
        try (self as any DiagnosticsV1.ServiceProtocol).registerMethods(with: &router)
    }

    func echo(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        try await store.mutate(request, context: context) { db, audit in
            try db.execute(sql: "INSERT INTO note (text) VALUES (?)", arguments: [request.note])
            try audit.record(entity: "note/\(db.lastInsertedRowID)", after: request.note)
            var response = Settle_Diag_V1_EchoResponse()
            response.note = "stored \(request.note)"
            return response
        }.response
    }

    func upload(_ requests: RPCAsyncSequence<Settle_Diag_V1_Chunk>, context: ServerContext) async throws -> Settle_Diag_V1_UploadSummary {
        throw RPCError(.unimplemented, "not in this test module")
    }

    func download(_ request: Settle_Diag_V1_DownloadRequest, responses: RPCWriter<Settle_Diag_V1_Chunk>, context: ServerContext) async throws {
        throw RPCError(.unimplemented, "not in this test module")
    }

    func sleep(_ request: Settle_Diag_V1_SleepRequest, context: ServerContext) async throws -> Settle_Diag_V1_SleepResponse {
        throw RPCError(.unimplemented, "not in this test module")
    }

    func adminPing(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        try await echo(request, context: context)
    }
}

final class AuditVerifyTests: XCTestCase {
    /// Runs `body` against a host serving the ledger module from SQLite files (not in memory,
    /// diagnostics off) in a fresh short directory, and always shuts it down: the audit and
    /// backup tests open those files behind the host's back.
    private func withLedgerOnDisk(_ body: (HostRuntime, HostConfiguration) async throws -> Void) async throws {
        try SettleCLI.binary()
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        let runtime = try await HostRuntime.start(configuration: configuration, modules: [LedgerModule.self], logger: quietLogger())
        do {
            try await body(runtime, configuration)
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()
    }

    private func note(_ text: String) -> Settle_Diag_V1_EchoRequest {
        var request = Settle_Diag_V1_EchoRequest()
        request.note = text
        return request
    }

    /// Mutations over the socket are audited once each (retries replay), the chain verifies,
    /// and editing a record in the SQLite file makes `settle audit verify` name that record.
    func testTamperedAuditRowIsReported() async throws {
        try await withLedgerOnDisk { runtime, configuration in
            let connection = try await RPCConnection.connect(to: configuration.socketPath)
            let client = DiagnosticsV1.Client(transport: connection)
            for index in 1...5 {
                let options = CallOptions(metadata: ["idempotency-key": "note-\(index)", "reason": "test"])
                let first = try await client.echo(note("n\(index)"), options: options)
                let retried = try await client.echo(note("n\(index)"), options: options)
                XCTAssertEqual(first, retried)
            }
            await connection.close()

            let intact = try await CLITests.settle(["audit", "verify", "ledger", "--json", "--socket", configuration.socketPath])
            XCTAssertEqual(intact.status, 0, intact.stderr)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(intact.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(report["intact"] as? Bool, true)
            XCTAssertEqual(report["records_checked"] as? Int, 5)

            // Someone edits the third record directly in the file, bypassing the module.
            let file = try XCTUnwrap(runtime.modules.first?.store?.path)
            let tamper = try DatabaseQueue(path: file)
            try await tamper.write { db in
                try db.execute(sql: "DROP TRIGGER settle_audit_log_no_update")
                try db.execute(sql: "UPDATE settle_audit_log SET after = 'n3-edited' WHERE sequence = 3")
            }
            try tamper.close()

            let broken = try await CLITests.settle(["audit", "verify", "ledger", "--socket", configuration.socketPath])
            XCTAssertEqual(broken.status, 15, "a broken chain exits with DATA_LOSS")
            XCTAssertTrue(broken.stdout.contains("BROKEN at record 3"), broken.stdout)
        }
    }

    func testVerifyUnknownModuleIsNotFound() async throws {
        try SettleCLI.binary()
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try await HostRuntime.start(
            configuration: HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock"),
            modules: [], inMemoryStores: true, logger: quietLogger()
        )
        let run = try await CLITests.settle(["audit", "verify", "nosuch", "--socket", runtime.configuration.socketPath])
        await runtime.shutdown()
        XCTAssertEqual(run.status, 5)
        XCTAssertTrue(run.stderr.contains("NOT_FOUND"), run.stderr)
        XCTAssertTrue(run.stderr.contains("nosuch"), run.stderr)
    }

    /// `settle admin backup DIR` writes a readable copy of every store while the host serves.
    func testBackupCopiesEveryStore() async throws {
        try await withLedgerOnDisk { _, configuration in
            let connection = try await RPCConnection.connect(to: configuration.socketPath)
            _ = try await DiagnosticsV1.Client(transport: connection).echo(note("kept"), options: CallOptions(metadata: ["idempotency-key": "b-1"]))
            await connection.close()
            let target = configuration.dataDirectory + "/backup"
            let run = try await CLITests.settle(["admin", "backup", target, "--socket", configuration.socketPath])
            XCTAssertEqual(run.status, 0, run.stderr)
            let copy = try DatabaseQueue(path: target + "/ledger.sqlite")
            let notes = try await copy.read { db in try String.fetchAll(db, sql: "SELECT text FROM note") }
            XCTAssertEqual(notes, ["kept"])
            try copy.close()
            let again = try await CLITests.settle(["admin", "backup", target, "--socket", configuration.socketPath])
            XCTAssertEqual(again.status, 6, "a second backup into the same folder is ALREADY_EXISTS")
        }
    }
}
