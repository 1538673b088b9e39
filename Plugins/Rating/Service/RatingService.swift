import Foundation
import Logging
import SettleContracts
import SettleModuleSDK

/// Serves `settle.rating.v1.Rating`; each group of methods lives in its own extension
/// (`RatingService+Tariffs`, `+Lifecycle`, `+Rating`, `+Import`, `+Billing`, `+Bills`,
/// `+Shadow`).
struct RatingService: RatingV1.ServiceProtocol {
    let store: ModuleStore
    let accounts: AccountsV1.Client
    let metering: MeteringV1.Client
    let collections: CollectionsV1.Client
    let programs: ProgramsV1.Client
    let timeZone: TimeZone
    let logger: Logger
}
