import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Collections module: the per-account ledger, payments, aging, late fees, notices and
/// the explained disconnection decision, served as `settle.collections.v1`.
///
/// It owns `collections.sqlite` and consumes the Accounts contract for premises' weather
/// zones, critical-care certifications and bankruptcy cases, fetched in bulk per run, and
/// Programs' holiday calendar when the host serves it (without Programs, the policy's own
/// holidays are the disconnection calendar).
public struct CollectionsModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "collections",
        version: "0.1.0",
        serves: [CollectionsV1.serviceName],
        consumes: [AccountsV1.serviceName],
        optionallyConsumes: [ProgramsV1.serviceName],
        migrations: CollectionsMigrations.all
    )

    let service: CollectionsService

    public init(context: ModuleContext) async throws {
        let accounts = try context.client(AccountsV1.Client.self)
        service = CollectionsService(
            store: try context.requireStore(),
            accounts: AccountsFactsSource(client: accounts),
            accountsClient: accounts,
            timeZone: context.timeZone,
            logger: context.logger,
            holidays: context.optionalClient(ProgramsV1.Client.self).map { ProgramsHolidaySource(client: $0) })
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
