import SettleAccounts
import Foundation
import SettleMetering
import SettlePrograms
import SettleRating
import SettleReporting
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
final class ReportingHost: TestHostWrapper {
    let base: TestHost
    let maker: RatingV1.Client
    let checker: RatingV1.Client

    private init(base: TestHost) {
        self.base = base
        maker = RatingV1.Client(transport: base.transport(as: TestHost.maker))
        checker = RatingV1.Client(transport: base.transport(as: TestHost.checker))
    }

    static func start() async throws -> ReportingHost {
        ReportingHost(base: try await TestHost.start(
            modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self],
            mode: .live(agent: "reporting-tests"), prefix: "rp"))
    }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    var reporting: ReportingV1.Client { remote.client(ReportingV1.Client.self) }
}

func withReportingHost(_ body: (ReportingHost) async throws -> Void) async throws {
    try await withHost(try await ReportingHost.start(), body)
}

