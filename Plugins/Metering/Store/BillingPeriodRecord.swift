import GRDB
import SettleContracts

/// One agreement's billing period as a VEE run established it (table `billing_period`).
struct BillingPeriodRecord: Sendable {
    let agreementID: UInt64
    let accountNumber: String
    let premiseID: String
    let serviceType: ServiceType
    let rateSchedule: String
    let rateClass: String
    let startAt: Int64?
    let endAt: Int64?

    static let columns = "agreement_id, account_number, premise_id, service_type, rate_schedule, rate_class, start_at, end_at"

    /// Decodes by position, in the order of `columns`.
    init(row: Row) {
        agreementID = UInt64(bitPattern: row[0])
        accountNumber = row[1]
        premiseID = row[2]
        serviceType = ServiceType(rawValue: row[3]) ?? .electric
        rateSchedule = row[4]
        rateClass = row[5]
        startAt = row[6]
        endAt = row[7]
    }
}
