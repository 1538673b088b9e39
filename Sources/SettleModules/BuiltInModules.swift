import SettleAccounts
import SettleCollections
import SettleMetering
import SettlePrograms
import SettleRating
import SettleRefunds
import SettleReporting
public import SettleModuleSDK

/// The service modules this build of `settled` loads, in the order they are created.
///
/// A library of its own so the host executable and the contract tests load the same set.
public enum BuiltInModules {
    public static let all: [any SettleModule.Type] = [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self, RefundsModule.self]
}
