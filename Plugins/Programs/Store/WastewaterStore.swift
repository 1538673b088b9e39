import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

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

    /// The recorded periods closing in [from, to] of many agreements at once, by agreement:
    /// a billing batch's averages come from one statement, not one per agreement.
    static func uses(agreements: [UInt64], closingFrom from: String, to: String, in db: Database) throws -> [UInt64: [WinterAverage.Use]] {
        guard !agreements.isEmpty else { return [:] }
        var found: [UInt64: [WinterAverage.Use]] = [:]
        let rows = try db.fetchCached(sql: """
            SELECT agreement_id, period_start, period_end, gallons_thousandths FROM water_use
            WHERE agreement_id IN (SELECT value FROM json_each(?)) AND period_end BETWEEN ? AND ? ORDER BY agreement_id, period_end
            """, arguments: [jsonList(agreements), from, to]) { row -> (UInt64, WinterAverage.Use)? in
            guard let start = LocalDate(row[1] as String), let end = LocalDate(row[2] as String) else { return nil }
            return (UInt64(row[0] as Int64), WinterAverage.Use(start: start, end: end, gallonsThousandths: row[3]))
        }
        for case let (agreement, use)? in rows { found[agreement, default: []].append(use) }
        return found
    }

    /// The adjustments of one year of many agreements at once, by agreement.
    static func adjustments(agreements: [UInt64], year: Int, in db: Database) throws -> [UInt64: WinterAverage.Adjustment] {
        guard !agreements.isEmpty else { return [:] }
        let rows = try db.fetchCached(sql: """
            SELECT agreement_id, excluded_period_ends, set_gallons_per_day_millis, reason FROM wastewater_adjustment
            WHERE agreement_id IN (SELECT value FROM json_each(?)) AND year = ?
            """, arguments: [jsonList(agreements), year]) { row -> (UInt64, WinterAverage.Adjustment) in
            let excluded: String = row[1]
            return (UInt64(row[0] as Int64), WinterAverage.Adjustment(excludedPeriodEnds: Set(excluded.split(separator: ",").map(String.init)),
                                                                      setGallonsPerDayMillis: row[2], reason: row[3]))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// The winter averages of many agreements of one year, two statements for the lot.
    static func averages(_ wanted: [(agreement: UInt64, account: String, rateClass: String)], year: Int,
                         policy: Settle_Programs_V1_WastewaterPolicy, in db: Database) throws -> [UInt64: WinterAverage] {
        let ids = wanted.map(\.agreement)
        let uses = try uses(agreements: ids, closingFrom: "\(year - 1)-07-01", to: "\(year)-06-30", in: db)
        let adjustments = try adjustments(agreements: ids, year: year, in: db)
        var averages: [UInt64: WinterAverage] = [:]
        averages.reserveCapacity(wanted.count)
        for item in wanted {
            averages[item.agreement] = WinterAverage(agreement: item.agreement, account: item.account, rateClass: item.rateClass, year: year,
                                                     uses: uses[item.agreement] ?? [], adjustment: adjustments[item.agreement], policy: policy)
        }
        return averages
    }

    private static func jsonList(_ ids: [UInt64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
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

    private static let policyRow = MessageRow<Settle_Programs_V1_WastewaterPolicy>(table: "program_policy", keyColumn: "name", key: "wastewater")

    static func policy(in db: Database) throws -> Settle_Programs_V1_WastewaterPolicy {
        try policyRow.load(in: db, defaults: WastewaterPolicyRules.defaults)
    }

    static func savePolicy(_ policy: Settle_Programs_V1_WastewaterPolicy, in db: Database) throws {
        try policyRow.save(policy, in: db)
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
