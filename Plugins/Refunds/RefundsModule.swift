import SettleContracts
public import SettleModuleSDK
public import SettleRPC

/// The Refunds module: refund and credit requests with their calculation, maker-checker
/// approval, disbursement batches (check register and NACHA ACH file), and what a bankruptcy
/// case does to an account, served as `settle.refunds.v1`.
///
/// It owns `refunds.sqlite` and consumes Accounts (accounts, customers, certificates and
/// cases), Collections (the ledger it reads and posts to) and Rating (bills behind billing
/// errors and tax-exempt refunds).
public struct RefundsModule: SettleModule {
    public static let descriptor = ModuleDescriptor(
        name: "refunds",
        version: "0.1.0",
        serves: [RefundsV1.serviceName],
        consumes: [AccountsV1.serviceName, CollectionsV1.serviceName, RatingV1.serviceName],
        migrations: RefundsMigrations.all
    )

    let service: RefundsService

    public init(context: ModuleContext) async throws {
        service = RefundsService(
            store: try context.requireStore(),
            accounts: try context.client(AccountsV1.Client.self),
            collections: try context.client(CollectionsV1.Client.self),
            rating: try context.client(RatingV1.Client.self),
            timeZone: context.timeZone,
            logger: context.logger)
    }

    public func registerMethods(with router: inout Router) throws(RouterError) {
        try service.registerMethods(with: &router)
    }
}
