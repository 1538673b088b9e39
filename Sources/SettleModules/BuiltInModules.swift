import Accounts
import SettleCollections
import Metering
import Programs
import Rating
import Refunds
import Reporting
public import SettleModuleSDK

/// The service modules this build of `settled` loads, in the order they are created.
///
/// A library of its own so the host executable and the contract tests load the same set.
public enum BuiltInModules {
    public static let all: [any SettleModule.Type] = [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self, RefundsModule.self]
}
