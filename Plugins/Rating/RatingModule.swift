import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Rating module: tariffs as data, the rate engine and bill simulation, served as
/// `settle.rating.v1`.
///
/// It owns `rating.sqlite`. Tariffs are versioned data (draft → validated → active →
/// retired); the engine turns Metering's determinants into bill lines exact to the cent.
public struct RatingModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "rating",
        version: "0.1.0",
        serves: [RatingV1.serviceName],
        migrations: RatingMigrations.all
    )

    let service: RatingService

    public init(context: ModuleContext) async throws {
        service = RatingService(store: try context.requireStore())
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
