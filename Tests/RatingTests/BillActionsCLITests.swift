import Foundation
import SettleContracts
import SettleHost
import SettleTestSupport
import XCTest

/// `settle bill cancel` and `settle bill release` from the command line: the key and reason
/// the flags give reach Rating, and a retry with the same key cancels once.
final class BillActionsCLITests: XCTestCase {
    func testCancelNeedsAReasonAndCancelsOnceUnderOneKey() async throws {
        try SettleCLI.binary()
        try await withRatingHost { host in
            try await BillingRunTests.setUpTariffs(host)
            let agreement = host.neighbours.agreement(1, account: "100001", customer: "C1", tariff: "RES-1")
            host.neighbours.determinants(for: agreement, period: "2024-05", from: "2024-05-01", to: "2024-05-31", kwh: 812)
            let socket = host.runtime.configuration.socketPath
            let run = try await SettleCLI.run(["bill", "run", "--cycle", "5", "--period", "2024-05", "--bill-date", "2024-06-03"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)

            let bill = "B-2024-05-C05-0000001"
            let noReason = try await SettleCLI.run(["bill", "cancel", bill], socket: socket)
            XCTAssertEqual(noReason.status, 3, noReason.stdout)
            XCTAssertTrue(noReason.stderr.contains("reason"), noReason.stderr)

            let cancelled = try await SettleCLI.run(["bill", "cancel", bill, "--reason", "meter misread", "--idempotency-key", "cancel-1"], socket: socket)
            XCTAssertEqual(cancelled.status, 0, cancelled.stderr)
            XCTAssertEqual(cancelled.stdout, "\(bill) cancelled; reversed 91.20\n")
            let again = try await SettleCLI.run(["bill", "cancel", bill, "--reason", "meter misread", "--idempotency-key", "cancel-1"], socket: socket)
            XCTAssertEqual(again.stdout, cancelled.stdout, "the same key answers the first cancel")

            let release = try await SettleCLI.run(["bill", "release", bill, "--reason", "reviewed"], socket: socket)
            XCTAssertEqual(release.status, 9, "only a held bill is released: \(release.stdout)")
            XCTAssertTrue(release.stderr.contains(bill), release.stderr)
        }
    }
}
