import Foundation
import SettleHost
import SettleTestSupport
import XCTest

/// The `settle` binary's Accounts commands against a live host: what a specialist types.
final class AccountsCLITests: XCTestCase {
    func testASpecialistCanAddMoveInShowListAndMoveOutFromTheCommandLine() async throws {
        try SettleCLI.binary()
        try await withAccountsHost { host in
            let socket = host.runtime.configuration.socketPath
            let customer = try await SettleCLI.run([
                "customer", "add", "--name", "Ada Lovelace", "--phone", "217-555-0100", "--email", "ada@example.org",
                "--mail-line1", "PO Box 12", "--mail-city", "Springfield", "--mail-state", "IL", "--mail-zip", "62701",
                "--idempotency-key", "cli-c1", "--reason", "walk-in",
            ], socket: socket)
            XCTAssertEqual(customer.status, 0, customer.stderr)
            XCTAssertEqual(customer.stdout, "customer C000001 Ada Lovelace (person)  [idempotency key cli-c1]\n")

            let premise = try await SettleCLI.run(["premise", "add", "--line1", "12 Oak St", "--city", "Springfield", "--state", "IL", "--zip", "62701", "--zone", "north"], socket: socket)
            XCTAssertEqual(premise.status, 0, premise.stderr)
            XCTAssertTrue(premise.stdout.hasPrefix("premise P000001 12 Oak St, Springfield, IL 62701 zone north  [idempotency key "), premise.stdout)

            let moveInArguments = [
                "account", "move-in", "--premise", "P000001", "--date", "2025-03-01", "--customer", "C000001", "--cycle", "7",
                "--deposit", "125.00", "--service", "electric:RES-1:residential", "--idempotency-key", "cli-m1", "--reason", "lease on file",
            ]
            let moved = try await SettleCLI.run(moveInArguments, socket: socket)
            XCTAssertEqual(moved.status, 0, moved.stderr)
            XCTAssertTrue(moved.stdout.hasPrefix("moved in: account 100001 (opened) at P000001 on 2025-03-01  [idempotency key cli-m1]\n"), moved.stdout)
            XCTAssertTrue(moved.stdout.contains("M-P000001-electric"), moved.stdout)
            let again = try await SettleCLI.run(moveInArguments, socket: socket)
            XCTAssertEqual(again.stdout, moved.stdout, "a repeated command returns the first result")

            let show = try await SettleCLI.run(["account", "show", "100001", "--as-of", "2025-06-01"], socket: socket)
            XCTAssertEqual(show.status, 0, show.stderr)
            XCTAssertTrue(show.stdout.hasPrefix("Account 100001  ACTIVE  cycle 7  opened 2025-03-01\nCustomer C000001  Ada Lovelace (person)\n"), show.stdout)
            XCTAssertTrue(show.stdout.contains("deposit $125.00"), show.stdout)
            XCTAssertTrue(show.stdout.contains("lease on file"), show.stdout)

            let json = try await SettleCLI.run(["account", "show", "100001", "--as-of", "2025-06-01", "--json"], socket: socket)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let account = try XCTUnwrap(object["account"] as? [String: Any])
            XCTAssertEqual(account["number"] as? String, "100001")
            XCTAssertEqual(account["deposit_cents"] as? Int, 12_500)

            let list = try await SettleCLI.run(["account", "list", "--cycle", "7", "--rate-class", "residential"], socket: socket)
            XCTAssertEqual(list.status, 0, list.stderr)
            XCTAssertTrue(list.stdout.contains("100001  C000001   Ada Lovelace  active  7      1       $125.00  2025-03-01"), list.stdout)
            XCTAssertTrue(list.stdout.hasSuffix("1 account\n"), list.stdout)

            let out = try await SettleCLI.run(["account", "move-out", "100001", "--date", "2025-05-31", "--idempotency-key", "cli-o1"], socket: socket)
            XCTAssertEqual(out.status, 0, out.stderr)
            XCTAssertTrue(out.stdout.hasPrefix("moved out: account 100001 on 2025-05-31, now final (no active service left: final bill due)"), out.stdout)

            let missing = try await SettleCLI.run(["account", "show", "999999"], socket: socket)
            XCTAssertEqual(missing.status, 5)
            XCTAssertEqual(missing.stderr, "settle: NOT_FOUND: account 999999 does not exist\n")
            let badCycle = try await SettleCLI.run(["account", "list", "--cycle", "21"], socket: socket)
            XCTAssertEqual(badCycle.status, 3)
            XCTAssertTrue(badCycle.stderr.contains("bill_cycle 21 is out of range"), badCycle.stderr)

            host.reads.setFailing("P000001", true)
            _ = try await SettleCLI.run(["premise", "add", "--id", "P000002", "--line1", "14 Oak St", "--city", "Springfield", "--state", "IL", "--zip", "62701", "--zone", "north"], socket: socket)
            host.reads.setFailing("P000002", true)
            let unread = try await SettleCLI.run([
                "account", "move-in", "--premise", "P000002", "--date", "2025-06-01", "--customer", "C000001", "--cycle", "7",
                "--service", "water:W-RES:residential", "--idempotency-key", "cli-m2",
            ], socket: socket)
            XCTAssertEqual(unread.status, 14, "the move is saved but the read was not requested")
            XCTAssertTrue(unread.stderr.contains("run again with --idempotency-key cli-m2"), unread.stderr)
        }
    }
}
