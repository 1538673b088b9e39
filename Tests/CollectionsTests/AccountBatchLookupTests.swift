import Foundation
import SettleHost
import SettleTestSupport
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import XCTest

/// A payment file's accounts that the ledger has never seen are asked of Accounts together —
/// one call per 5,000 — so an import does not make one call per account and wait behind
/// every reader for each.
final class AccountBatchLookupTests: XCTestCase {
    func testWhichAccountsExistIsOneCallPerFiveThousandNumbers() async throws {
        try await withCollectionsHost { host in
            let ada = try await host.servedCustomer("Ada Osei")
            let ben = try await host.servedCustomer("Ben Kaur")
            let counter = CallCounter(host.runtime.inProcessTransport(as: PeerIdentity(uid: 0, gid: 0, pid: 1, role: .admin)))
            let source = AccountsFactsSource(client: AccountsV1.Client(transport: counter))

            // Two real accounts, an unknown number, a ledger-only name, malformed ones and a
            // real account written with a leading zero (not the account Accounts has).
            let small: Set<String> = [ada.account, ben.account, "999998", "L0000001", "12a", "", "0\(ada.account)"]
            let found = try await source.existingAccounts(small)
            XCTAssertEqual(found, [ada.account, ben.account])
            XCTAssertEqual(counter.calls, ["/settle.accounts.v1.Accounts/ListAccounts"])

            // 6,000 numbers: two calls, and the real accounts are still found among them.
            counter.reset()
            let many = Set((0..<5_998).map { String(800_000 + $0) }).union([ada.account, ben.account])
            XCTAssertEqual(many.count, 6_000)
            let foundAmongMany = try await source.existingAccounts(many)
            XCTAssertEqual(foundAmongMany, [ada.account, ben.account])
            XCTAssertEqual(counter.calls.count, 2)

            // Nothing to ask: no call at all.
            counter.reset()
            let none = try await source.existingAccounts(["L1", "L2"])
            XCTAssertEqual(none, [])
            XCTAssertEqual(counter.calls, [])
        }
    }

    func testAFileOfNewAccountsPostsThoseAccountsKnowsAndNamesTheOthers() async throws {
        try await withCollectionsHost { host in
            let ada = try await host.servedCustomer("Ada Osei")
            let ben = try await host.servedCustomer("Ben Kaur")
            let paid = try await host.importPayments(
                "\(ada.account),10.00,2025-01-03,N-1\n999998,11.00,2025-01-03,N-2\n\(ben.account),12.34,2025-01-03,N-3\n0\(ada.account),1.00,2025-01-03,N-4\n")
            XCTAssertEqual(paid.posted, 2)
            XCTAssertEqual(paid.postedCents, 2_234)
            XCTAssertEqual(paid.rejected.map(\.line), [2, 4])
            XCTAssertEqual(paid.rejected.map(\.reason), ["unknown account 999998", "unknown account 0\(ada.account)"])
        }
    }
}

/// Counts the calls a client makes through it, by method.
final class CallCounter: ClientTransport, @unchecked Sendable {
    private let inner: any ClientTransport
    private let lock = NSLock()
    private var made: [String] = []

    init(_ inner: any ClientTransport) { self.inner = inner }

    var calls: [String] { lock.withLock { made } }
    func reset() { lock.withLock { made = [] } }
    private func count(_ method: MethodDescriptor) { lock.withLock { made.append(method.fullName) } }

    func unary(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        count(method)
        return try await inner.unary(method, request: request, options: options)
    }

    func serverStreaming(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> RPCAsyncSequence<[UInt8]> {
        count(method)
        return try await inner.serverStreaming(method, request: request, options: options)
    }

    func clientStreaming(
        _ method: MethodDescriptor, options: CallOptions, requests: @escaping @Sendable (RPCWriter<[UInt8]>) async throws -> Void
    ) async throws -> [UInt8] {
        count(method)
        return try await inner.clientStreaming(method, options: options, requests: requests)
    }
}
