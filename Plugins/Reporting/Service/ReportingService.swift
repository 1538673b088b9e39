import Foundation
import Logging
import SettleContracts
import SettleRPC

/// Serves `settle.reporting.v1.Reporting`; each report lives in its own extension
/// (`+Register`, `+Aging`, `+Research`, `+Revenue`, `+Trends`, `+Anomalies`, …). This holds the clients of the modules the reports read.
struct ReportingService: ReportingV1.ServiceProtocol {
    let accounts: AccountsV1.Client
    let metering: MeteringV1.Client
    let rating: RatingV1.Client
    let collections: CollectionsV1.Client
    let programs: ProgramsV1.Client
    /// The utility's time zone: an empty date means today in it.
    let timeZone: TimeZone
    let logger: Logger
}
