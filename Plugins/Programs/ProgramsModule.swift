import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Programs module: enrolments in the utility's special billing programs (totalized
/// accounts, wastewater winter averaging), served as `settle.programs.v1`.
///
/// It owns `programs.sqlite` and consumes Accounts (agreements an enrolment names) and
/// Metering (whether the meters can give what a program needs). Rating's billing run asks it
/// once per batch what to apply. Budget billing reads Collections' ledger (history, past due,
/// late payments, missed installments) when the host serves it.
public struct ProgramsModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "programs",
        version: "0.1.0",
        serves: [ProgramsV1.serviceName],
        consumes: [AccountsV1.serviceName, MeteringV1.serviceName],
        optionallyConsumes: [CollectionsV1.serviceName],
        migrations: ProgramsMigrations.all
    )

    let service: ProgramsService

    public init(context: ModuleContext) async throws {
        service = ProgramsService(
            store: try context.requireStore(),
            accounts: try context.client(AccountsV1.Client.self),
            metering: try context.client(MeteringV1.Client.self),
            collections: context.optionalClient(CollectionsV1.Client.self),
            timeZone: context.timeZone,
            logger: context.logger)
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
