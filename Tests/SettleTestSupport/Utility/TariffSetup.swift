public import SettleContracts

/// A tariff put in force the way a utility does it: created, a version saved and validated by
/// one person (`maker`), and activated by another (`checker`) — maker-checker needs two.
///
/// Tests differ in the version they bill on, not in these four steps; one place keeps the steps.
public struct TariffSetup: Sendable {
    public let maker: RatingV1.Client
    public let checker: RatingV1.Client

    public init(maker: RatingV1.Client, checker: RatingV1.Client) {
        self.maker = maker
        self.checker = checker
    }

    /// Creates `version.code` (for `rateClass` and `serviceType`), saves `version`, validates it
    /// (its scenarios must pass) and activates it; answers the version number Rating gave it.
    @discardableResult
    public func activate(_ version: Settle_Rating_V1_TariffVersion, rateClass: String = "residential", serviceType: String = "electric", name: String = "") async throws -> UInt32 {
        var create = Settle_Rating_V1_CreateTariffRequest()
        create.idempotencyKey = freshKey("tariff")
        create.code = version.code
        create.name = name
        create.rateClass = rateClass
        create.serviceType = serviceType
        _ = try await maker.createTariff(create)
        var save = Settle_Rating_V1_SaveTariffVersionRequest()
        save.idempotencyKey = freshKey("save")
        save.version = version
        let saved = try await maker.saveTariffVersion(save)
        var change = Settle_Rating_V1_ChangeVersionStatusRequest()
        change.idempotencyKey = freshKey("validate")
        change.code = version.code
        change.version = saved.version
        _ = try await maker.validateTariffVersion(change)
        change.idempotencyKey = freshKey("activate")
        _ = try await checker.activateTariffVersion(change)
        return saved.version
    }
}
