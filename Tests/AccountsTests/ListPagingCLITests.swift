import SettleHost
import SettleTestSupport
import XCTest

/// The list commands page alike: a page and the token that continues it, the next page from
/// that token, or every page with `--all`.
final class ListPagingCLITests: XCTestCase {
    func testCustomerListPagesByTokenAndAllFetchesEveryPage() async throws {
        try SettleCLI.binary()
        try await withAccountsHost { host in
            let socket = host.runtime.configuration.socketPath
            for (index, name) in ["Ada Lovelace", "Grace Hopper", "Alan Turing"].enumerated() {
                let added = try await SettleCLI.run(["customer", "add", "--name", name, "--idempotency-key", "page-c\(index)"], socket: socket)
                XCTAssertEqual(added.status, 0, added.stderr)
            }

            let first = try await SettleCLI.run(["customer", "list", "--page-size", "2"], socket: socket)
            XCTAssertEqual(first.status, 0, first.stderr)
            let trailer = try XCTUnwrap(first.stdout.split(separator: "\n").last.map(String.init))
            XCTAssertTrue(trailer.hasPrefix("2 customers; more: --page-token "), first.stdout)
            XCTAssertTrue(first.stdout.contains("C000001") && first.stdout.contains("C000002"), first.stdout)
            XCTAssertFalse(first.stdout.contains("C000003"), first.stdout)
            let token = String(trailer.dropFirst("2 customers; more: --page-token ".count))

            let second = try await SettleCLI.run(["customer", "list", "--page-size", "2", "--page-token", token], socket: socket)
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertTrue(second.stdout.contains("C000003  Alan Turing"), second.stdout)
            XCTAssertFalse(second.stdout.contains("C000001"), second.stdout)
            XCTAssertTrue(second.stdout.hasSuffix("1 customer\n"), second.stdout)

            let all = try await SettleCLI.run(["customer", "list", "--page-size", "2", "--all"], socket: socket)
            XCTAssertEqual(all.status, 0, all.stderr)
            for id in ["C000001", "C000002", "C000003"] { XCTAssertTrue(all.stdout.contains(id), all.stdout) }
            XCTAssertTrue(all.stdout.hasSuffix("3 customers\n"), all.stdout)
        }
    }
}
