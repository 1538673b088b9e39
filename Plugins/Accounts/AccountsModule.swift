import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Accounts module: customers, accounts, premises and service agreements, and the
/// move-ins and move-outs that start and end service (`settle.accounts.v1.Accounts`).
///
/// It consumes Metering only to ask for start and final reads; every other module reads
/// accounts through this module's contract, never its store.
public struct AccountsModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "accounts",
        version: "1.0.0",
        serves: [AccountsV1.serviceName],
        consumes: [MeteringV1.serviceName],
        migrations: AccountsMigrations.all
    )

    private let service: AccountsService

    public init(context: ModuleContext) async throws {
        service = AccountsService(
            store: try context.requireStore(),
            reads: ReadRequester(metering: try context.client(MeteringV1.Client.self)),
            timeZone: context.timeZone
        )
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
