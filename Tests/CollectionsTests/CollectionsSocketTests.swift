import Foundation
import SettleClient
import SettleHost
import SettleModuleSDK
@testable import SettleCollections
import SettleContracts
import SettleRPC
import SettleTestSupport
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

    func testASpecialistImportsPaymentsAgesAndChecksTheLedgerFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withCollectionsHost { host in
            let socket = host.runtime.configuration.socketPath
            try await host.post([
                charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21"),
                charge("B-2", account: "100002", agreement: 2, cents: 20_000, billDate: "2025-01-01", dueDate: "2025-01-21", rateClass: "small_commercial"),
            ])
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("payments-\(UUID().uuidString).csv")
            try "account,amount,date,reference\n100001,40.00,2025-01-10,LB-1\n100002,abc,2025-01-10,LB-2\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }

            let first = try await SettleCLI.run(["payments", "import", file.path], socket: socket)
            XCTAssertEqual(first.status, 3, first.stderr)
            XCTAssertTrue(first.stdout.contains("1 posted"), first.stdout)
            XCTAssertTrue(first.stdout.contains("bad amount 'abc'"), first.stdout)
            // The same command again (the key derived from the file, whatever the batching) and
            // the file under another key both recognise the row as already posted: a re-import
            // never reports a replayed row as posted, and nothing posts twice.
            let again = try await SettleCLI.run(["payments", "import", file.path, "--json"], socket: socket)
            XCTAssertTrue(again.stdout.contains("\"already_posted\" : 1"), again.stdout)
            XCTAssertFalse(again.stdout.contains("\"posted\" : 1"), again.stdout)
            let otherKey = try await SettleCLI.run(["payments", "import", file.path, "--json", "--idempotency-key", "second-run"], socket: socket)
            XCTAssertTrue(otherKey.stdout.contains("\"already_posted\" : 1"), otherKey.stdout)
            let ledger = try await host.ledger("100001")
            XCTAssertEqual(ledger.balanceCents, 6_000)

            let aging = try await SettleCLI.run(["collections", "aging", "--as-of", "2025-02-01", "--json"], socket: socket)
            XCTAssertEqual(aging.status, 0, aging.stderr)
            XCTAssertTrue(aging.stdout.contains("\"ties_to_ledger\" : true"), aging.stdout)
            let csv = try await SettleCLI.run(["collections", "aging", "--as-of", "2025-02-01", "--csv"], socket: socket)
            XCTAssertTrue(csv.stdout.contains("portfolio,,2,0,26000,0,0,0,0,0,26000"), csv.stdout)
            let table = try await SettleCLI.run(["collections", "aging", "--as-of", "2025-02-01"], socket: socket)
            XCTAssertTrue(table.stdout.contains("ties"), table.stdout)

            let check = try await SettleCLI.run(["ledger", "check"], socket: socket)
            XCTAssertEqual(check.status, 0, check.stderr)
            XCTAssertTrue(check.stdout.contains("balanced"), check.stdout)

            let notices = try await SettleCLI.run(["collections", "notices", "--as-of", "2025-01-27"], socket: socket)
            XCTAssertTrue(notices.stdout.contains("2 past-due notice(s)"), notices.stdout)
            let none = try await SettleCLI.run(["collections", "eligibility", "--as-of", "2025-01-27", "--account", "100001"], socket: socket)
            // No disconnect notice yet: every rule is still explained, the notice rule failing.
            XCTAssertEqual(none.status, 0, none.stdout + none.stderr)
            XCTAssertTrue(none.stdout.contains("account 100001 on 2025-01-27: not eligible"), none.stdout)
            XCTAssertTrue(none.stdout.contains("no disconnect notice served by 2025-01-27"), none.stdout)
        }
    }

    private func json(_ run: CommandRun) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout + run.stderr)
    }

    func testASpecialistHandlesDisputesHoldsPledgesAndArrangementsFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withCollectionsHost { host in
            let socket = host.runtime.configuration.socketPath
            let customer = try await host.servedCustomer()
            let account = customer.account
            try await host.post([charge("B-1", account: account, agreement: customer.agreementID, cents: 20_000, billDate: "2025-01-10", dueDate: "2025-02-01")])
            _ = try await host.importWeather(mildWeather())
            _ = try await host.runNotices("2025-02-06")
            _ = try await host.runNotices("2025-02-13")
            func failing(_ day: String) async throws -> [String] {
                let run = try await SettleCLI.run(["collections", "eligibility", "--as-of", day, "--account", account, "--json"], socket: socket)
                XCTAssertEqual(run.status, 0, run.stderr)
                let decisions = try XCTUnwrap(try json(run)["decisions"] as? [[String: Any]])
                let rules = try XCTUnwrap(decisions.first?["rules"] as? [[String: Any]])
                return rules.filter { ($0["passed"] as? Bool) != true }.compactMap { $0["rule"] as? String }
            }

            // A dispute sets its amount aside until it is closed; closing twice closes once.
            let opened = try await SettleCLI.run([
                "collections", "dispute", "open", "--account", account, "--amount", "150.01", "--date", "2025-02-20",
                "--description", "meter misread", "--idempotency-key", "cli-d1", "--reason", "customer called",
            ], socket: socket)
            XCTAssertEqual(opened.status, 0, opened.stderr)
            XCTAssertEqual(opened.stdout, "dispute 1 on account \(account): $150.01 opened 2025-02-20  [idempotency key cli-d1]\n")
            let disputed = try await failing("2025-02-24")
            XCTAssertEqual(disputed, ["no_pending_dispute"])
            let close = ["collections", "dispute", "close", "1", "--date", "2025-02-24", "--resolution", "read confirmed"]
            let closed = try await SettleCLI.run(close, socket: socket)
            XCTAssertEqual(closed.stdout, "dispute 1 on account \(account) closed 2025-02-24: read confirmed\n", closed.stderr)
            let closedAgain = try await SettleCLI.run(close, socket: socket)
            XCTAssertEqual(closedAgain.stdout, closed.stdout, "the same command replays its first answer")
            let audit = try await host.store().auditRecords(entity: "dispute/1")
            XCTAssertEqual(audit.map(\.reason), ["customer called", ""])

            // A hold, placed and released.
            let placed = try await SettleCLI.run([
                "collections", "hold", "place", "--account", account, "--amount", "200.00", "--why", "billing review",
                "--start", "2025-02-20", "--expiry", "2025-03-31", "--json",
            ], socket: socket)
            XCTAssertEqual(placed.status, 0, placed.stderr)
            let hold = try XCTUnwrap(try json(placed)["hold"] as? [String: Any])
            XCTAssertEqual(hold["reason"] as? String, "billing review")
            XCTAssertEqual(hold["amount_cents"] as? Int, 20_000)
            let held = try await failing("2025-02-25")
            XCTAssertEqual(held, ["no_collection_hold"])
            let released = try await SettleCLI.run(["collections", "hold", "release", "\(hold["id"] ?? 0)", "--date", "2025-02-25"], socket: socket)
            XCTAssertEqual(released.stdout, "hold 1 on account \(account) released 2025-02-25\n", released.stderr)

            // A pledge stops disconnection until it is marked paid with the agency's payment.
            let pledged = try await SettleCLI.run([
                "collections", "pledge", "record", "--account", account, "--agency", "LIHEAP Sangamon County", "--amount", "100.00",
                "--date", "2025-02-20", "--expiry", "2025-03-10",
            ], socket: socket)
            XCTAssertTrue(pledged.stdout.hasPrefix(
                "pledge 1 on account \(account): $100.00 from LIHEAP Sangamon County, pending 2025-02-20 through 2025-03-10  [idempotency key "), pledged.stdout + pledged.stderr)
            let pending = try await failing("2025-02-25")
            XCTAssertEqual(pending, ["no_pending_pledge"])
            let paid = try await SettleCLI.run(["payments", "post", "--account", account, "--amount", "100.00", "--date", "2025-02-24", "--reference", "LIHEAP-1"], socket: socket)
            XCTAssertEqual(paid.status, 0, paid.stderr)
            let marked = try await SettleCLI.run(["collections", "pledge", "mark", "1", "paid", "--payment-reference", "LIHEAP-1"], socket: socket)
            XCTAssertEqual(marked.stdout, "pledge 1 on account \(account) paid 2025-02-24 (payment LIHEAP-1)\n", marked.stderr)
            let expired = try await SettleCLI.run(["collections", "pledge", "mark", "1", "expired"], socket: socket)
            XCTAssertEqual(expired.status, 9, expired.stdout)  // FAILED_PRECONDITION
            XCTAssertTrue(expired.stderr.contains("pledge 1 was already marked paid on 2025-02-24"), expired.stderr)
            let list = try await SettleCLI.run(["collections", "pledge", "list", "--account", account], socket: socket)
            XCTAssertTrue(list.stdout.contains("LIHEAP Sangamon County  $100.00  2025-02-20  2025-03-10  paid    2025-02-24  LIHEAP-1"), list.stdout)
            let clear = try await failing("2025-02-25")
            XCTAssertEqual(clear, [])

            // An arrangement of the 100.00 still past due: kept on its start day, broken after a missed down payment.
            let created = try await SettleCLI.run([
                "collections", "arrangement", "create", "--account", account, "--down-payment", "20.00", "--start", "2025-02-26", "--installments", "4",
            ], socket: socket)
            XCTAssertEqual(created.status, 0, created.stderr)
            XCTAssertTrue(created.stdout.hasPrefix("""
                arrangement 1 on account \(account): $100.00, down $20.00, 4 monthly installment(s) from 2025-02-26
                as of 2025-02-26: active, paid $0.00
                """), created.stdout)
            XCTAssertTrue(created.stdout.contains("4     2025-06-26  $20.00  $100.00"), created.stdout)
            let kept = try await failing("2025-02-26")
            XCTAssertEqual(kept, ["no_arrangement_in_good_standing"])
            let broken = try await SettleCLI.run(["collections", "arrangement", "show", "1", "--as-of", "2025-02-28", "--json"], socket: socket)
            let arrangement = try XCTUnwrap(try json(broken)["arrangement"] as? [String: Any])
            XCTAssertEqual(arrangement["status"] as? String, "broken")
            XCTAssertEqual(arrangement["broken_on"] as? String, "2025-02-27")

            let bad = try await SettleCLI.run(["collections", "dispute", "open", "--account", account, "--amount", "12.345"], socket: socket)
            XCTAssertEqual(bad.status, 64, bad.stdout)
            XCTAssertTrue(bad.stderr.contains("--amount '12.345' is not dollars like 125.00"), bad.stderr)
            let unknown = try await SettleCLI.run(["collections", "hold", "release", "99"], socket: socket)
            XCTAssertEqual(unknown.status, 5, unknown.stdout)
            XCTAssertTrue(unknown.stderr.contains("no hold 99"), unknown.stderr)
        }
    }

    func testASpecialistPostsAppliesAndRefundsADepositFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withCollectionsHost { host in
            let socket = host.runtime.configuration.socketPath
            try await host.post([charge("B-1", account: "300001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let billed = try await SettleCLI.run([
                "ledger", "post", "--account", "300001", "--kind", "deposit_billed", "--amount", "150.00", "--date", "2025-01-01", "--due", "2025-01-10",
                "--idempotency-key", "cli-dep",
            ], socket: socket)
            XCTAssertEqual(billed.stdout, "entry 2: deposit_billed $150.00 to 300001 on 2025-01-01; balance $250.00  [idempotency key cli-dep]\n", billed.stderr)
            try await host.pay("300001", 15_000, on: "2025-01-05", reference: "DEP-1")  // pays the deposit, due first

            let applied = try await SettleCLI.run([
                "ledger", "post", "--account", "300001", "--kind", "deposit_applied", "--amount", "100.00", "--date", "2025-02-01",
                "--idempotency-key", "cli-apply",
            ], socket: socket)
            XCTAssertEqual(applied.stdout,
                "entry 4: deposit_applied -$100.00 to 300001 on 2025-02-01 (deposit -$100.00, deposit held $50.00); balance $0.00  [idempotency key cli-apply]\n",
                applied.stderr)
            let tooMuch = try await SettleCLI.run(["ledger", "post", "--account", "300001", "--kind", "deposit_refunded", "--amount", "60.00", "--date", "2025-02-02"], socket: socket)
            XCTAssertEqual(tooMuch.status, 9, tooMuch.stdout)
            XCTAssertTrue(tooMuch.stderr.contains("amount_cents: 60.00 is more than the deposit held on 2025-02-02: 50.00"), tooMuch.stderr)
            let refunded = try await SettleCLI.run([
                "ledger", "post", "--account", "300001", "--kind", "deposit_refunded", "--amount", "50.00", "--date", "2025-02-02", "--json",
            ], socket: socket)
            let response = try json(refunded)
            XCTAssertNil(response["deposit_held_cents"], "0 is left out of protobuf JSON")
            XCTAssertEqual((response["entry"] as? [String: Any])?["deposit_cents"] as? Int, -5_000)
            XCTAssertNil((response["entry"] as? [String: Any])?["amount_cents"], "0 is left out of protobuf JSON")

            let status = try json(try await SettleCLI.run(["collections", "deposit", "--account", "300001", "--as-of", "2025-02-03", "--json"], socket: socket))
            XCTAssertNil(status["held_cents"])
            XCTAssertEqual(status["applied_cents"] as? Int, 10_000)
            XCTAssertEqual(status["refunded_cents"] as? Int, 5_000)
            let credit = try await SettleCLI.run(["ledger", "post", "--account", "300001", "--kind", "adjustment", "--amount=-12.50", "--memo", "goodwill"], socket: socket)
            XCTAssertTrue(credit.stdout.contains("adjustment -$12.50 to 300001"), credit.stdout + credit.stderr)
            XCTAssertTrue(credit.stdout.contains("balance -$12.50"), credit.stdout)
            let check = try await SettleCLI.run(["ledger", "check"], socket: socket)
            XCTAssertEqual(check.status, 0, check.stdout)
        }
    }

    func testAPaymentFileWithWindowsLineEndsIsSentInBatchesOfRows() async throws {
        try SettleCLI.binary()
        try await withCollectionsHost { host in
            let socket = host.runtime.configuration.socketPath
            try await host.post([charge("B-1", account: "100001", cents: 10_000, billDate: "2025-01-01", dueDate: "2025-01-21")])
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("crlf-\(UUID().uuidString).csv")
            try "account,amount,date,reference\r\n100001,40.00,2025-01-10,W-1\r\n100001,4O.00,2025-01-10,W-2\r\n100001,10.50,2025-01-11,W-3\r\n"
                .write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let run = try await SettleCLI.run(["payments", "import", file.path, "--batch-rows", "1", "--json"], socket: socket)
            XCTAssertEqual(run.status, 3, run.stderr)
            let total = try json(run)
            XCTAssertEqual(total["rows"] as? Int, 3)
            XCTAssertEqual(total["posted"] as? Int, 2)
            XCTAssertEqual((total["rejected"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }, [3])
            let audit = try await host.store().auditRecords(entity: "payment-import/\(file.lastPathComponent)")
            XCTAssertEqual(audit.count, 4, "one call per line: the header and three rows")
        }
    }
}
