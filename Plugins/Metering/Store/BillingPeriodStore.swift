import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// The billing periods VEE runs establish, one per agreement and period (table `billing_period`).
enum BillingPeriodStore {
    /// Inserts or replaces the agreement's period as the run found it.
    static func save(
        agreement: Agreement, period: YearMonth, cycle: Int, startAt: Int64?, endAt: Int64?, consumption: Int64?, runID: Int64, in db: Database
    ) throws {
        try db.executeCached(
            sql: """
                INSERT OR REPLACE INTO billing_period (agreement_id, period, cycle, account_number, premise_id, service_type,
                    rate_schedule, rate_class, start_at, end_at, consumption, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                Int64(bitPattern: agreement.id), period.description, cycle, agreement.accountNumber, agreement.premiseID,
                agreement.serviceType.rawValue, agreement.rateSchedule, agreement.rateClass, startAt, endAt,
                consumption, runID,
            ])
    }

    /// A cycle's periods in the order determinants are sent: by account, then agreement.
    static func periods(cycle: Int, period: YearMonth, in db: Database) throws -> [BillingPeriodRecord] {
        try db.fetchCached(
            sql: "SELECT \(BillingPeriodRecord.columns) FROM billing_period WHERE cycle = ? AND period = ? ORDER BY account_number, agreement_id",
            arguments: [cycle, period.description], BillingPeriodRecord.init(row:))
    }

    /// The closing instants of a period's closed periods by agreement (of every cycle).
    static func ends(of period: YearMonth, in db: Database) throws -> [UInt64: Int64] {
        try Dictionary(
            Row.fetchAllCached(db, sql: "SELECT agreement_id, end_at FROM billing_period WHERE period = ? AND end_at IS NOT NULL", arguments: [period.description])
                .map { (UInt64(bitPattern: $0["agreement_id"]), $0["end_at"] as Int64) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Each premise and service the cycle billed before `period`, with the agreement of its
    /// latest period there, by premise and service.
    static func latestBefore(cycle: Int, period: YearMonth, in db: Database) throws -> [Row] {
        try Row.fetchAllCached(db, sql: """
            SELECT premise_id, service_type, agreement_id, MAX(period) FROM billing_period
            WHERE cycle = ? AND period < ? GROUP BY premise_id, service_type ORDER BY premise_id, service_type
            """, arguments: [cycle, period.description])
    }
}
