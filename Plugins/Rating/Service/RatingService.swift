import SettleContracts
import SettleModuleSDK

/// Serves `settle.rating.v1.Rating`; each group of methods lives in its own extension
/// (`RatingService+Tariffs`, `+Lifecycle`, `+Rating`, `+Import`).
struct RatingService: RatingV1.ServiceProtocol {
    let store: ModuleStore
}
