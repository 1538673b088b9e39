import Foundation
import SettleClient
@testable import SettleCollections
import SettleContracts
import SettleRPC
import XCTest

/// Collections over the real Unix socket: the typed client and the `settle` commands.
final class CollectionsSocketTests: XCTestCase {
    func testPaymentsImportAndLedgerOverTheSocketMatchInProcess() async throws {
        try await withCollectionsHost { host in
            let remote = try await SettleClient.connect(socket: host.runtime.configuration.socketPath)
            let collections = remote.client(CollectionsV1.Client.self)
            var post = Settle_Collections_V1_PostBillChargesRequest()
            post.idempotencyKey = "socket-charges"
            post.charges = (1...50).map { charge("B-\($0)", account: String(100_000 + $0), cents: 10_000 + Int64($0), billDate: "2025-01-01", dueDate: "2025-01-21") }
            let posted = try await collections.postBillCharges(post)
            XCTAssertEqual(posted.posted, 50)
            let retried = try await collections.postBillCharges(post)
            XCTAssertEqual(retried, posted)

            var csv = "account,amount,date,reference\n"
            for n in 1...50 { csv += "\(100_000 + n),\(100 + n / 2).00,2025-01-15,LB-\(n)\n" }
            var request = Settle_Collections_V1_ImportPaymentsRequest()
            request.idempotencyKey = "socket-import"
            request.csv = csv
            request.firstLine = 1
            let imported = try await collections.importPayments(request)
            XCTAssertEqual(imported.posted, 50)
            XCTAssertTrue(imported.rejected.isEmpty)

            var ledgerRequest = Settle_Collections_V1_GetAccountLedgerRequest()
            ledgerRequest.accountNumber = "100007"
            ledgerRequest.asOf = "2025-02-01"
            let overSocket = try await collections.getAccountLedger(ledgerRequest)
            let inProcess = try await host.client.getAccountLedger(ledgerRequest)
            XCTAssertEqual(overSocket, inProcess)
            XCTAssertEqual(overSocket.balanceCents, 10_007 - 10_300)
            XCTAssertEqual(overSocket.creditCents, -293)

            let check = try await collections.checkLedger(.init())
            XCTAssertTrue(check.balanced)
            await remote.close()
        }
    }

    private struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private static func binary() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/settle").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("the settle binary is not built at \(path); run swift build first")
        }
        return path
    }

    private func settle(_ arguments: [String], socket: String) async throws -> Run {
        let binary = try Self.binary()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-collections-cli-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let out = folder.appendingPathComponent("out")
                    let err = folder.appendingPathComponent("err")
                    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
                    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
                    let outHandle = try FileHandle(forWritingTo: out)
                    let errHandle = try FileHandle(forWritingTo: err)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: binary)
                    process.arguments = arguments + ["--socket", socket]
                    process.standardOutput = outHandle
                    process.standardError = errHandle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
                    DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
                    process.waitUntilExit()
                    watchdog.cancel()
                    try outHandle.close()
                    try errHandle.close()
                    return Run(
                        status: process.terminationStatus,
                        stdout: try String(contentsOf: out, encoding: .utf8),
                        stderr: try String(contentsOf: err, encoding: .utf8))
                })
            }
        }
    }

    func testASpecialistImportsPaymentsAgesAndChecksTheLedgerFromTheCommandLine() async throws {
        _ = try Self.binary()
        try await withCollectionsHost { host in
            let socket = host.runtime.configuration.socketPath
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 20_000, billDate: "2025-01-01", dueDate: "2025-01-21", rateClass: "small_commercial"),
            ])
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("payments-\(UUID().uuidString).csv")
            try "account,amount,date,reference\n100001,40.00,2025-01-10,LB-1\n100002,abc,2025-01-10,LB-2\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }

            let first = try await settle(["payments", "import", file.path], socket: socket)
            XCTAssertEqual(first.status, 3, first.stderr)
            XCTAssertTrue(first.stdout.contains("1 posted"), first.stdout)
            XCTAssertTrue(first.stdout.contains("bad amount 'abc'"), first.stdout)
            // The same command again replays each batch's first answer; under another key the
            // rows are recognised as already posted. Either way nothing posts twice.
            let again = try await settle(["payments", "import", file.path, "--json"], socket: socket)
            XCTAssertTrue(again.stdout.contains("\"posted\" : 1"), again.stdout)
            let otherKey = try await settle(["payments", "import", file.path, "--json", "--idempotency-key", "second-run"], socket: socket)
            XCTAssertTrue(otherKey.stdout.contains("\"already_posted\" : 1"), otherKey.stdout)
            let ledger = try await host.ledger("100001")
            XCTAssertEqual(ledger.balanceCents, 6_000)

            let aging = try await settle(["collections", "aging", "--as-of", "2025-02-01", "--json"], socket: socket)
            XCTAssertEqual(aging.status, 0, aging.stderr)
            XCTAssertTrue(aging.stdout.contains("\"ties_to_ledger\" : true"), aging.stdout)
            let csv = try await settle(["collections", "aging", "--as-of", "2025-02-01", "--csv"], socket: socket)
            XCTAssertTrue(csv.stdout.contains("portfolio,,2,0,26000,0,0,0,0,0,26000"), csv.stdout)
            let table = try await settle(["collections", "aging", "--as-of", "2025-02-01"], socket: socket)
            XCTAssertTrue(table.stdout.contains("ties"), table.stdout)

            let check = try await settle(["ledger", "check"], socket: socket)
            XCTAssertEqual(check.status, 0, check.stderr)
            XCTAssertTrue(check.stdout.contains("balanced"), check.stdout)

            let notices = try await settle(["collections", "notices", "--as-of", "2025-01-27"], socket: socket)
            XCTAssertTrue(notices.stdout.contains("2 past-due notice(s)"), notices.stdout)
            let none = try await settle(["collections", "eligibility", "--as-of", "2025-01-27", "--account", "100001"], socket: socket)
            XCTAssertEqual(none.status, 5, none.stdout + none.stderr)  // NOT_FOUND: no disconnect notice yet
        }
    }
}
