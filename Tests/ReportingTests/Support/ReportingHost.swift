import Accounts
import Foundation
import Metering
import Programs
import Rating
import Reporting
import SettleClient
import SettleCollections
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// A host with every real module — Accounts, Metering, Collections, Programs, Rating and
/// Reporting — serving its Unix socket; the tests talk to it over the socket, as `settle`
/// does. Tariffs are activated in-process by two people (maker-checker needs two identities).
final class ReportingHost: StoppableHost {
    let base: TestHost
    var runtime: HostRuntime { base.runtime }
    var directory: String { base.directory }
    var remote: SettleClient { base.remote }
    let maker: RatingV1.Client
    let checker: RatingV1.Client

    private init(base: TestHost) {
        self.base = base
        maker = RatingV1.Client(transport: base.transport(as: PeerIdentity(uid: 1001, gid: 1001, pid: 2, role: .admin)))
        checker = RatingV1.Client(transport: base.transport(as: PeerIdentity(uid: 1002, gid: 1002, pid: 3, role: .supervisor)))
    }

    static func start() async throws -> ReportingHost {
        ReportingHost(base: try await TestHost.start(
            modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self],
            mode: .live(agent: "reporting-tests"), prefix: "rp"))
    }

    func shutdown() async { await base.shutdown(keepFiles: false) }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    var reporting: ReportingV1.Client { remote.client(ReportingV1.Client.self) }
}

func withReportingHost(_ body: (ReportingHost) async throws -> Void) async throws {
    try await withHost(try await ReportingHost.start(), body)
}

