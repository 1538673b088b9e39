import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Serves `settle.metering.v1.Metering`; each group of methods lives in its own extension
/// (`MeteringService+Meters`, `+Reads`, `+Consumption`, `+VEE`).
struct MeteringService: MeteringV1.ServiceProtocol {
    let store: ModuleStore
    let calendar: ZoneCalendar
    let agreements: any AgreementSource
    let logger: Logger

    init(store: ModuleStore, calendar: ZoneCalendar, agreements: any AgreementSource, logger: Logger) {
        self.store = store
        self.calendar = calendar
        self.agreements = agreements
        self.logger = logger
    }
}
