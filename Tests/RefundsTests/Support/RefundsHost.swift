import Foundation
import SettleClient
import SettleContracts
import SettleHost
import SettleModules
import SettleRPC
import SettleTestSupport
import XCTest

/// A host with every built-in module (the real Accounts, Metering, Collections, Programs,
/// Rating, Reporting and Refunds) serving its Unix socket. The requester talks to it over the
/// socket as `settle` does (the test's own uid, admin); the second person of maker-checker is
/// another socket identity, which the host's in-process transport gives as a peer of its own
/// uid and role (`clerk` uid 2001, `supervisor` uid 2002) — the identity a handler checks.
final class RefundsHost: TestHostWrapper {
    let base: TestHost
    let onDisk: Bool

    private init(base: TestHost, onDisk: Bool) {
        self.base = base
        self.onDisk = onDisk
    }

    /// A fresh host; with `directory` (and `onDisk`) its stores are files there, so a second
    /// host started on the same folder finds what the first wrote (a restart after a crash).
    static func start(directory given: String? = nil, onDisk: Bool = false) async throws -> RefundsHost {
        let base = try await TestHost.start(
            modules: BuiltInModules.all, mode: .live(agent: "refunds-tests"), stores: onDisk ? .onDisk : .inMemory, prefix: "rf", directory: given)
        return RefundsHost(base: base, onDisk: onDisk)
    }

    /// Stops the host; the folder stays when `keep` (to start again on it).
    func shutdown(keep: Bool) async { await base.shutdown(keepFiles: keep) }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    /// The requester, over the socket.
    var refunds: RefundsV1.Client { remote.client(RefundsV1.Client.self) }

    func transport(uid: UInt32, role: Role) -> any ClientTransport {
        base.transport(as: PeerIdentity(uid: uid, gid: uid, pid: Int32(uid), role: role))
    }

    /// A second person: a clerk (uid 2001).
    var clerk: RefundsV1.Client { RefundsV1.Client(transport: transport(uid: 2001, role: .clerk)) }
    /// A second person: a supervisor (uid 2002).
    var supervisor: RefundsV1.Client { RefundsV1.Client(transport: transport(uid: 2002, role: .supervisor)) }
    var clerkCollections: CollectionsV1.Client { CollectionsV1.Client(transport: transport(uid: 2001, role: .clerk)) }
    var supervisorCollections: CollectionsV1.Client { CollectionsV1.Client(transport: transport(uid: 2002, role: .supervisor)) }
    /// Tariffs are made and activated by two people.
    var ratesMaker: RatingV1.Client { RatingV1.Client(transport: transport(uid: 1001, role: .admin)) }
    var ratesChecker: RatingV1.Client { RatingV1.Client(transport: transport(uid: 1002, role: .supervisor)) }
}

func withRefundsHost(_ body: (RefundsHost) async throws -> Void) async throws {
    try await withHost(try await RefundsHost.start(), body)
}

