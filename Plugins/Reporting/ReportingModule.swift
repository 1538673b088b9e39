import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Reporting module: reports that check the other modules against each other (the
/// billing register tied to the ledger, exceptions, aging tied to the trial balance, revenue
/// and consumption, trends and outliers, the anomaly scan, an account's research summary and
/// the customer's statement), served as `settle.reporting.v1`.
///
/// It owns no data and so has no store: every figure is read from Accounts, Metering,
/// Rating, Collections and Programs through their contracts, in batches, so a report is always what the source
/// modules say now and can never drift from them.
public struct ReportingModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "reporting",
        version: "0.1.0",
        serves: [ReportingV1.serviceName],
        consumes: [AccountsV1.serviceName, MeteringV1.serviceName, RatingV1.serviceName, CollectionsV1.serviceName, ProgramsV1.serviceName]
    )

    let service: ReportingService

    public init(context: ModuleContext) async throws {
        service = ReportingService(
            accounts: try context.client(AccountsV1.Client.self),
            metering: try context.client(MeteringV1.Client.self),
            rating: try context.client(RatingV1.Client.self),
            collections: try context.client(CollectionsV1.Client.self),
            programs: try context.client(ProgramsV1.Client.self),
            timeZone: context.timeZone,
            logger: context.logger)
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
