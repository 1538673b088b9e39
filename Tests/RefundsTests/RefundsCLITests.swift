import Foundation
import SettleContracts
import SettleHost
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The `settle refund …` and `settle bankruptcy …` commands of the real binary against a live host.
final class RefundsCLITests: XCTestCase {
    func testRequestShowListApproveBatchAndExportFromTheCommandLine() async throws {
        try await withRefundsHost { host in
            let socket = host.runtime.configuration.socketPath
            let nia = try await closedWithCredit(host, "Nia Holt", premise: "P-NIA", overpaid: 3_210)
            let requested = try await SettleCLI.run(["refund", "request", "--kind", "credit_balance", "--account", nia.account, "--date", "2025-03-10",
                                                     "--note", "customer called", "--reason", "customer asked", "--json"], socket: socket)
            XCTAssertEqual(requested.status, 0, requested.stderr)
            let object = try requested.object()
            let id = try XCTUnwrap(object["id"] as? String)
            XCTAssertEqual(object["amount_cents"] as? Int, 3_210)
            XCTAssertEqual(object["status"] as? String, "submitted")

            // The calculation as a person reviews it: each input, its amount and where it came from.
            let shown = try await SettleCLI.run(["refund", "show", id], socket: socket)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout.hasPrefix("Refund \(id) — credit_balance for account \(nia.account)"), shown.stdout)
            let payments = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix("Payments") })
            XCTAssertTrue(payments.contains("92.10") && payments.contains("collections: ledger of \(nia.account)"), String(payments))
            XCTAssertTrue(shown.stdout.contains("Refund 32.10"), shown.stdout)
            XCTAssertTrue(shown.stdout.contains("Note: customer called"), shown.stdout)

            // The requester cannot approve, from the command line either (exit 7, PERMISSION_DENIED).
            let own = try await SettleCLI.run(["refund", "approve", id], socket: socket)
            XCTAssertEqual(own.status, 7, own.stdout)
            XCTAssertTrue(own.stderr.contains("another person must approve it"), own.stderr)
            _ = try await host.clerk.approveRefund(host.decide(id))

            let listed = try await SettleCLI.run(["refund", "list", "--status", "approved", "--csv"], socket: socket)
            XCTAssertEqual(listed.status, 0, listed.stderr)
            XCTAssertEqual(listed.stdout.split(separator: "\n").map(String.init), [
                "id,kind,account,amount,status,method,requested_by,approved_by,source",
                "\(id),credit_balance,\(nia.account),32.10,approved,,uid:\(getuid()),uid:2001,final:\(nia.account)",
            ])
            let reject = try await SettleCLI.run(["refund", "reject", id], socket: socket)
            XCTAssertEqual(reject.status, 64, "a rejection needs --reason")

            let created = try await SettleCLI.run(["refund", "batch", "create", "--date", "2025-03-14", "--json"], socket: socket)
            XCTAssertEqual(created.status, 0, created.stderr)
            let batch = try XCTUnwrap(try created.object()["id"] as? String)
            let register = try await SettleCLI.run(["refund", "batch", "export", batch, "--format", "csv"], socket: socket)
            XCTAssertEqual(register.status, 0, register.stderr)
            XCTAssertTrue(register.stdout.contains("100001,2025-03-14,\(id),\(nia.account),Nia Holt,32.10"), register.stdout)
            let nacha = try await SettleCLI.run(["refund", "batch", "export", batch, "--format", "nacha"], socket: socket)
            XCTAssertEqual(nacha.stdout.split(separator: "\n").count, 10, "no ACH entries: headers, controls and filler to one block")
            let released = try await SettleCLI.run(["refund", "batch", "release", batch], socket: socket)
            XCTAssertEqual(released.status, 0, released.stderr)
            XCTAssertTrue(released.stdout.contains("posted 1, already posted 0"), released.stdout)
            let again = try await SettleCLI.run(["refund", "batch", "release", batch, "--idempotency-key", "second"], socket: socket)
            XCTAssertTrue(again.stdout.contains("posted 0, already posted 1"), again.stdout)
        }
    }

    func testBankruptcyShowClaimAndAssurance() async throws {
        try await withRefundsHost { host in
            let socket = host.runtime.configuration.socketPath
            let oz = try await host.customer("Oz Park", premise: "P-OZ", on: "2025-01-20")
            try await host.charge(oz, bill: "B-OZ-1", cents: 5_600, billDate: "2025-03-21", dueDate: "2025-04-10", from: "2025-02-20", to: "2025-03-20")
            _ = try await host.accounts.recordBankruptcyCase(bankruptcyCase(oz.id, number: "25-30003", chapter: 13, petition: "2025-03-10", court: "C.D. Ill."))
            let shown = try await SettleCLI.run(["bankruptcy", "show", "25-30003", "--as-of", "2025-04-01"], socket: socket)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout.contains("Pre-petition claim 36.00"), shown.stdout)
            XCTAssertTrue(shown.stdout.contains("Post-petition, collectible under the stay 20.00"), shown.stdout)
            XCTAssertTrue(shown.stdout.contains("due 2025-03-30"), shown.stdout)
            let claim = try await SettleCLI.run(["bankruptcy", "claim", "25-30003", "--as-of", "2025-04-01", "--csv"], socket: socket)
            XCTAssertEqual(claim.status, 0, claim.stderr)
            XCTAssertTrue(claim.stdout.contains("B-OZ-1,2025-02-20 – 2025-03-20,2025-04-10,56.00,36.00,36.00,by days"), claim.stdout)
            let assurance = try await SettleCLI.run(["bankruptcy", "assurance", "25-30003", "--json"], socket: socket)
            XCTAssertEqual(assurance.status, 0, assurance.stderr)
            let view = try assurance.object()
            XCTAssertEqual((view["assurance"] as? [String: Any])?["due_date"] as? String, "2025-03-30")
        }
    }

    /// `settle ledger post` of a write-off above 500.00 waits; `settle ledger approve` by the same
    /// person is refused; another person posts it.
    func testALargeWriteOffFromTheCommandLineWaitsForASecondPerson() async throws {
        try await withRefundsHost { host in
            let socket = host.runtime.configuration.socketPath
            let pat = try await host.customer("Pat Lee", premise: "P-PAT", on: "2025-01-01")
            try await host.charge(pat, bill: "B-PAT-1", cents: 80_000, billDate: "2025-02-01", dueDate: "2025-02-20")
            let posted = try await SettleCLI.run(["ledger", "post", "--account", pat.account, "--kind", "write_off", "--amount", "600.00", "--date", "2025-03-01", "--reason", "uncollectible"], socket: socket)
            XCTAssertEqual(posted.status, 0, posted.stderr)
            XCTAssertTrue(posted.stdout.hasPrefix("pending entry 1: write_off 600.00 to \(pat.account) waits for a second person"), posted.stdout)
            let own = try await SettleCLI.run(["ledger", "approve", "1"], socket: socket)
            XCTAssertEqual(own.status, 7, own.stdout)
            let balance = try await host.ledger(pat.account).balanceCents
            XCTAssertEqual(balance, 80_000, "nothing posted before the second person")
            let approved = try await host.supervisorCollections.approveEntry(.with { $0.idempotencyKey = freshKey("approve"); $0.pendingID = 1 })
            XCTAssertEqual(approved.balanceCents, 20_000)
        }
    }
}
