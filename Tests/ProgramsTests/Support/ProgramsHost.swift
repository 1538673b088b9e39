import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleHost
import SettleModules
import SettleRPC
import SettleTestSupport
import XCTest

/// A host with every built-in module (Accounts, Metering, Collections, Programs, Rating; real,
/// not fakes), in-memory stores and a short socket path.
///
/// `maker` and `checker` are two people (peer uids) for maker-checker rules; `socket` is a
/// client over the real Unix socket.
final class ProgramsHost: TestHostWrapper {
    let base: TestHost
    let maker: any ClientTransport
    let checker: any ClientTransport

    private init(base: TestHost) {
        self.base = base
        maker = base.transport(as: TestHost.maker)
        checker = base.transport(as: TestHost.checker)
    }

    static func start() async throws -> ProgramsHost {
        ProgramsHost(base: try await TestHost.start(modules: BuiltInModules.all, prefix: "pg"))
    }

    var accounts: AccountsV1.Client { AccountsV1.Client(transport: maker) }
    var metering: MeteringV1.Client { MeteringV1.Client(transport: maker) }
    var programs: ProgramsV1.Client { ProgramsV1.Client(transport: maker) }
    var rating: RatingV1.Client { RatingV1.Client(transport: maker) }
    var collections: CollectionsV1.Client { CollectionsV1.Client(transport: maker) }

    /// Local midnight of a date in the host's time zone, UTC seconds.
    func midnight(_ date: String) -> Int64 {
        Int64(LocalDate(date)?.startOfDay(in: runtime.configuration.timeZone).timeIntervalSince1970 ?? 0)
    }
}

/// Runs `body` against a fresh host and always shuts it down.
func withProgramsHost(_ body: (ProgramsHost) async throws -> Void) async throws {
    try await withHost(try await ProgramsHost.start(), body)
}

