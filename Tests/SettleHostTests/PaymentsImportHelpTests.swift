import SettleTestSupport
import XCTest

/// `settle payments import --help` says what the import's idempotency key is.
final class PaymentsImportHelpTests: XCTestCase {
    func testHelpNamesTheKeyAndThatBatchingDoesNotChangeIt() async throws {
        let run = try await CLITests.settle(["payments", "import", "--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let help = run.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        XCTAssertTrue(help.contains("<file key>:<first line>-<last line>"), help)
        XCTAssertTrue(help.contains("never on --batch-rows"), help)
        XCTAssertTrue(help.contains("already_posted"), help)
        XCTAssertFalse(help.contains("UUID"), help)
    }
}
