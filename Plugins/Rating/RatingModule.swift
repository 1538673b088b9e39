import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Rating module: tariffs as data, the rate engine and bill simulation, served as
/// `settle.rating.v1`.
///
/// It owns `rating.sqlite` and consumes Accounts (agreements, exemptions), Metering
/// (determinants), Collections (posting bill charges) and Programs (the
/// enrolments a billing run applies). Tariffs are versioned data (draft → validated → active →
/// retired); the engine turns Metering's determinants into bill lines exact to the cent.
public struct RatingModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "rating",
        version: "0.1.0",
        serves: [RatingV1.serviceName],
        consumes: [AccountsV1.serviceName, MeteringV1.serviceName, CollectionsV1.serviceName, ProgramsV1.serviceName],
        migrations: RatingMigrations.all
    )

    let service: RatingService

    public init(context: ModuleContext) async throws {
        service = RatingService(
            store: try context.requireStore(),
            accounts: try context.client(AccountsV1.Client.self),
            metering: try context.client(MeteringV1.Client.self),
            collections: try context.client(CollectionsV1.Client.self),
            programs: try context.client(ProgramsV1.Client.self),
            timeZone: context.timeZone,
            logger: context.logger)
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
