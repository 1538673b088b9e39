import Foundation
import SettleHost
import SettleTestSupport
import XCTest

/// The `settle` commands that change and list customers, premises, accounts and agreements,
/// run as a specialist types them against a live host.
final class AccountsEditCLITests: XCTestCase {
    private func settle(_ arguments: [String], _ host: AccountsHost) async throws -> CommandRun {
        try await SettleCLI.run(arguments, socket: host.runtime.configuration.socketPath)
    }

    func testASpecialistOpensStartsUpdatesListsAndClosesFromTheCommandLine() async throws {
        _ = try SettleCLI.binary()
        try await withAccountsHost { host in
            for (name, key) in [("Ada Lovelace", "c1"), ("Grace Hopper", "c2")] {
                let added = try await settle(["customer", "add", "--name", name, "--phone", "217-555-0100", "--idempotency-key", key], host)
                XCTAssertEqual(added.status, 0, added.stderr)
            }
            for (id, line1, zone) in [("P000001", "12 Oak St", "north"), ("P000002", "40 Elm St", "south")] {
                let added = try await settle(["premise", "add", "--id", id, "--line1", line1, "--city", "Springfield", "--state", "IL", "--zip", "62701", "--zone", zone], host)
                XCTAssertEqual(added.status, 0, added.stderr)
            }

            // Customers: found by part of the name, corrected, flagged.
            let found = try await settle(["customer", "list", "--name", "HOP"], host)
            XCTAssertEqual(found.status, 0, found.stderr)
            XCTAssertTrue(found.stdout.contains("C000002  Grace Hopper  person"), found.stdout)
            XCTAssertTrue(found.stdout.hasSuffix("1 customer\n"), found.stdout)
            let updated = try await settle([
                "customer", "update", "C000001", "--name", "Ada King", "--phone", "217-555-0199", "--email", "ada@example.org",
                "--idempotency-key", "u1", "--reason", "married name",
            ], host)
            XCTAssertEqual(updated.status, 0, updated.stderr)
            XCTAssertEqual(updated.stdout, """
                customer C000001 Ada King (person)  [idempotency key u1]
                  phone 217-555-0199  email ada@example.org  mail -
                  flags -

                """)
            let emailOnly = try await settle(["customer", "update", "C000001", "--email", "ada.king@example.org"], host)
            XCTAssertTrue(emailOnly.stdout.contains("\n  phone 217-555-0199  email ada.king@example.org  mail -\n"), emailOnly.stdout + emailOnly.stderr)
            let flagged = try await settle(["customer", "flags", "C000001", "--add", "no-phone-calls", "--add", "large-print", "--json"], host)
            XCTAssertEqual(flagged.status, 0, flagged.stderr)
            XCTAssertEqual((try flagged.object()["customer"] as? [String: Any])?["flags"] as? [String], ["large-print", "no-phone-calls"])
            let unflagged = try await settle(["customer", "flags", "C000001", "--remove", "large-print"], host)
            XCTAssertTrue(unflagged.stdout.hasSuffix("  flags no-phone-calls\n"), unflagged.stdout)
            let nothing = try await settle(["customer", "flags", "C000001"], host)
            XCTAssertEqual(nothing.status, 64, nothing.stdout)
            XCTAssertTrue(nothing.stderr.contains("give at least one --add or --remove flag"), nothing.stderr)

            // An account opened before service, then an agreement started on it.
            // Sent twice under one key: the second answer must be the first.
            let openArguments = [
                "account", "open", "--customer", "C000001", "--cycle", "7", "--date", "2025-03-01", "--deposit", "125.00", "--idempotency-key", "o1",
                "--mail-line1", "PO Box 12", "--mail-city", "Springfield", "--mail-state", "IL", "--mail-zip", "62701",
            ]
            let opened = try await settle(openArguments, host)
            XCTAssertEqual(opened.status, 0, opened.stderr)
            XCTAssertTrue(opened.stdout.hasPrefix("account 100001 opened: customer C000001  active  cycle 7  deposit $125.00  [idempotency key o1]\n"), opened.stdout)
            let openedAgain = try await settle(openArguments, host)
            XCTAssertEqual(openedAgain.stdout, opened.stdout, "the same key opens one account")
            let badDeposit = try await settle(["account", "open", "--customer", "C000001", "--cycle", "7", "--date", "2025-03-01", "--deposit", "12.345", "--mail-line1", "PO Box 12"], host)
            XCTAssertEqual(badDeposit.status, 64, badDeposit.stdout)
            XCTAssertTrue(badDeposit.stderr.contains("--deposit '12.345' is not an amount in dollars"), badDeposit.stderr)

            let started = try await settle([
                "agreement", "start", "--account", "100001", "--premise", "P000001", "--service", "electric", "--rate", "RES-1",
                "--rate-class", "residential", "--date", "2025-03-01", "--idempotency-key", "s1",
            ], host)
            XCTAssertEqual(started.status, 0, started.stderr)
            XCTAssertTrue(started.stdout.hasPrefix("started agreement 1  [idempotency key s1]\n"), started.stdout)
            XCTAssertTrue(started.stdout.contains("1          100001   P000001  electric  RES-1  residential  7      2025-03-01 –  active"), started.stdout)
            let clash = try await settle([
                "agreement", "start", "--account", "100001", "--premise", "P000001", "--service", "electric", "--rate", "RES-1",
                "--rate-class", "residential", "--date", "2025-04-01",
            ], host)
            XCTAssertEqual(clash.status, 9, clash.stdout)

            // Premises: by vacancy, and corrected.
            let vacant = try await settle(["premise", "list", "--vacant", "--json"], host)
            XCTAssertEqual((try vacant.object()["premises"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["P000002"])
            let occupied = try await settle(["premise", "list", "--occupied"], host)
            XCTAssertTrue(occupied.stdout.contains("P000001  12 Oak St, Springfield, IL 62701  north  residential  occupied"), occupied.stdout)
            XCTAssertTrue(occupied.stdout.hasSuffix("1 premise\n"), occupied.stdout)
            let rezoned = try await settle(["premise", "update", "P000002", "--zone", "east", "--type", "commercial", "--idempotency-key", "p2"], host)
            XCTAssertEqual(rezoned.stdout, "premise P000002 40 Elm St, Springfield, IL 62701 zone east commercial  [idempotency key p2]\n", rezoned.stderr)
            let both = try await settle(["premise", "list", "--vacant", "--occupied"], host)
            XCTAssertEqual(both.status, 64)

            // The account's cycle and deposit change; it cannot go final while service is active.
            let changed = try await settle(["account", "update", "100001", "--cycle", "8", "--deposit", "150.00", "--json"], host)
            XCTAssertEqual(changed.status, 0, changed.stderr)
            let account = try XCTUnwrap(try changed.object()["account"] as? [String: Any])
            XCTAssertEqual(account["bill_cycle"] as? Int, 8)
            XCTAssertEqual(account["deposit_cents"] as? Int, 15_000)
            let newBox = try await settle(["account", "update", "100001", "--mail-line1", "PO Box 99"], host)
            XCTAssertEqual(newBox.status, 0, newBox.stderr)
            XCTAssertTrue(newBox.stdout.contains("PO Box 99, Springfield, IL 62701"), "the lines not given are kept: \(newBox.stdout)")
            let tooEarly = try await settle(["account", "status", "100001", "final", "--date", "2025-03-10"], host)
            XCTAssertEqual(tooEarly.status, 9, tooEarly.stdout)
            XCTAssertEqual(tooEarly.stderr, "settle: FAILED_PRECONDITION: account 100001 still has 1 active agreement(s) (electric at P000001); move out first\n")

            // Moved out: the agreement is pending its final bill and the account cannot close yet.
            let out = try await settle(["account", "move-out", "100001", "--date", "2025-05-31", "--idempotency-key", "mo1"], host)
            XCTAssertEqual(out.status, 0, out.stderr)
            let shown = try await settle(["agreement", "show", "1", "--json"], host)
            let agreement = try XCTUnwrap(try shown.object()["agreement"] as? [String: Any])
            XCTAssertEqual(agreement["status"] as? String, "pending_final")
            XCTAssertEqual(agreement["end_date"] as? String, "2025-05-31")
            XCTAssertEqual(agreement["bill_cycle"] as? Int, 8)
            let pending = try await settle(["agreement", "list", "--status", "pending_final", "--from", "2025-05-01", "--to", "2025-05-31"], host)
            XCTAssertTrue(pending.stdout.contains("1          100001   P000001  electric  RES-1  residential  8      2025-03-01 – 2025-05-31  pending_final  -"), pending.stdout)
            XCTAssertTrue(pending.stdout.hasSuffix("1 agreement\n"), pending.stdout)
            let afterMove = try await settle(["agreement", "list", "--from", "2025-06-01", "--to", "2025-06-30"], host)
            XCTAssertTrue(afterMove.stdout.hasSuffix("0 agreements\n"), afterMove.stdout)
            let halfPeriod = try await settle(["agreement", "list", "--from", "2025-06-01"], host)
            XCTAssertEqual(halfPeriod.status, 64)
            let notClosable = try await settle(["account", "status", "100001", "closed", "--date", "2025-06-15"], host)
            XCTAssertEqual(notClosable.status, 9, notClosable.stdout)
            XCTAssertEqual(notClosable.stderr, "settle: FAILED_PRECONDITION: account 100001 cannot close: agreement 1 (electric at P000001) still waits for its final bill\n")
            let missing = try await settle(["agreement", "show", "99"], host)
            XCTAssertEqual(missing.status, 5, missing.stdout)
        }
    }
}
