import Foundation
import GRDB
import SettleContracts

/// The SQL behind winter averaging: recorded water use, leak adjustments and the policy.
enum WastewaterStore {
    /// Records (or corrects) the water use of one agreement's period, keyed by its closing read.
    static func recordUse(agreement: UInt64, start: LocalDate, end: LocalDate, gallonsThousandths: Int64, in db: Database) throws {
        try db.executeCached(sql: """
            INSERT INTO water_use (agreement_id, period_end, period_start, gallons_thousandths) VALUES (?, ?, ?, ?)
            ON CONFLICT (agreement_id, period_end) DO UPDATE SET period_start = excluded.period_start, gallons_thousandths = excluded.gallons_thousandths
            """, arguments: [Int64(agreement), end.description, start.description, gallonsThousandths])
    }

    /// The agreement's recorded periods closing in [from, to] (dates as text).
    static func uses(agreement: UInt64, closingFrom from: String, to: String, in db: Database) throws -> [WinterAverage.Use] {
        try Row.fetchAll(db, sql: """
            SELECT period_start, period_end, gallons_thousandths FROM water_use WHERE agreement_id = ? AND period_end BETWEEN ? AND ? ORDER BY period_end
            """, arguments: [Int64(agreement), from, to]).compactMap { row in
            guard let start = LocalDate(row[0] as String), let end = LocalDate(row[1] as String) else { return nil }
            return WinterAverage.Use(start: start, end: end, gallonsThousandths: row[2])
        }
    }

    static func adjustment(agreement: UInt64, year: Int, in db: Database) throws -> WinterAverage.Adjustment? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT excluded_period_ends, set_gallons_per_day_millis, reason FROM wastewater_adjustment WHERE agreement_id = ? AND year = ?
            """, arguments: [Int64(agreement), year]) else { return nil }
        let excluded: String = row[0]
        return WinterAverage.Adjustment(excludedPeriodEnds: Set(excluded.split(separator: ",").map(String.init)), setGallonsPerDayMillis: row[1], reason: row[2])
    }

    static func saveAdjustment(agreement: UInt64, year: Int, _ adjustment: WinterAverage.Adjustment, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO wastewater_adjustment (agreement_id, year, excluded_period_ends, set_gallons_per_day_millis, reason) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (agreement_id, year) DO UPDATE SET excluded_period_ends = excluded.excluded_period_ends,
                set_gallons_per_day_millis = excluded.set_gallons_per_day_millis, reason = excluded.reason
            """, arguments: [Int64(agreement), year, adjustment.excludedPeriodEnds.sorted().joined(separator: ","), adjustment.setGallonsPerDayMillis, adjustment.reason])
    }

    static func policy(in db: Database) throws -> Settle_Programs_V1_WastewaterPolicy {
        guard let body = try Data.fetchOne(db, sql: "SELECT body FROM program_policy WHERE name = 'wastewater'") else { return WastewaterPolicyRules.defaults }
        return try Settle_Programs_V1_WastewaterPolicy(serializedBytes: Array(body))
    }

    static func savePolicy(_ policy: Settle_Programs_V1_WastewaterPolicy, in db: Database) throws {
        let body: [UInt8] = try policy.serializedBytes()
        try db.execute(sql: "INSERT INTO program_policy (name, body) VALUES ('wastewater', ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body",
                       arguments: [Data(body)])
    }

    /// The winter average of an agreement for a year, from its recorded use and adjustment.
    static func average(agreement: UInt64, account: String, rateClass: String, year: Int,
                        policy: Settle_Programs_V1_WastewaterPolicy, in db: Database) throws -> WinterAverage {
        // A winter's periods close between July of the year before and June of the year.
        let uses = try uses(agreement: agreement, closingFrom: "\(year - 1)-07-01", to: "\(year)-06-30", in: db)
        return WinterAverage(agreement: agreement, account: account, rateClass: rateClass, year: year, uses: uses,
                             adjustment: try adjustment(agreement: agreement, year: year, in: db), policy: policy)
    }
}
