import SettleClient
public import SettleContracts
public import SettleModuleSDK

/// A host with real modules serving its Unix socket, for the tests that run a small utility
/// end to end — customers moved in, reads, VEE, billing — and talk to it as `settle` does.
///
/// Rating, Reporting and the lifecycle tests each wanted the same host: the contracts' clients
/// over the socket and two Rating identities, because maker-checker refuses a tariff activated
/// by the person who made it. They differ only in the modules they load.
public final class UtilityHost: TestHostWrapper {
    public let base: TestHost
    /// The first person of maker-checker (creates, saves and validates tariffs).
    public let maker: RatingV1.Client
    /// The second person (activates what the maker validated).
    public let checker: RatingV1.Client

    private init(base: TestHost) {
        self.base = base
        maker = RatingV1.Client(transport: base.transport(as: TestHost.maker))
        checker = RatingV1.Client(transport: base.transport(as: TestHost.checker))
    }

    /// A fresh host with `modules`, its socket client named `agent`, under `/tmp/<prefix>-…`.
    public static func start(modules: [any SettleModule.Type], agent: String, prefix: String) async throws -> UtilityHost {
        UtilityHost(base: try await TestHost.start(modules: modules, mode: .live(agent: agent), prefix: prefix))
    }

    public var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    public var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    public var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    public var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
    public var reporting: ReportingV1.Client { remote.client(ReportingV1.Client.self) }

    /// Customers, premises, meters and move-ins through the contracts.
    public var setup: UtilitySetup { UtilitySetup(accounts: accounts, metering: metering) }
    /// Tariffs put in force by the maker and the checker.
    public var tariffs: TariffSetup { TariffSetup(maker: maker, checker: checker) }
}
