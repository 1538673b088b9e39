import SettleContracts
import SettleDomain
public import SettleModuleSDK
public import SettleRPC

/// The Metering module: meters, reads, consumption and VEE, served as `settle.metering.v1`.
///
/// It owns `metering.sqlite` and consumes the Accounts contract for service agreements
/// (which premise, rate and cycle a meter's reads are billed under).
public struct MeteringModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "metering",
        version: "0.1.0",
        serves: [MeteringV1.serviceName],
        consumes: [AccountsV1.serviceName],
        migrations: MeteringMigrations.all
    )

    let service: MeteringService

    public init(context: ModuleContext) async throws {
        service = MeteringService(
            store: try context.requireStore(),
            calendar: ZoneCalendar(timeZone: context.timeZone),
            agreements: AccountsAgreementSource(client: try context.client(AccountsV1.Client.self)),
            logger: context.logger)
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
