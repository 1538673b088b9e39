import GRDB
import SettleModuleSDK

/// Disputes, holds, pledges and arrangements pending on one day, for every account at once:
/// a run over 10,000 noticed accounts reads each table once instead of once per account.
struct CaseSnapshot {
    var disputed: [String: Int64] = [:]
    var held: [String: Int64] = [:]
    var pledges: [String: (agency: String, cents: Int64, expiryDay: Int)] = [:]
    var arrangements: [String: [ArrangementSchedule]] = [:]

    static func load(on day: Int, in db: Database) throws -> CaseSnapshot {
        var snapshot = CaseSnapshot()
        for row in try Row.fetchAllCached(db, sql: """
            SELECT account_number, SUM(amount_cents) FROM dispute
            WHERE opened_day <= ? AND (closed_day IS NULL OR closed_day > ?) GROUP BY account_number
            """, arguments: [day, day]) {
            snapshot.disputed[row[0]] = row[1]
        }
        for row in try Row.fetchAllCached(db, sql: """
            SELECT account_number, SUM(amount_cents) FROM hold
            WHERE start_day <= ? AND expiry_day >= ? AND (released_day IS NULL OR released_day > ?) GROUP BY account_number
            """, arguments: [day, day, day]) {
            snapshot.held[row[0]] = row[1]
        }
        for row in try Row.fetchAllCached(db, sql: """
            SELECT account_number, agency, amount_cents, expiry_day FROM pledge
            WHERE pledged_day <= ? AND expiry_day >= ? AND (resolved_day IS NULL OR resolved_day > ?) ORDER BY id
            """, arguments: [day, day, day]) {
            snapshot.pledges[row[0]] = (row[1], row[2], row[3])
        }
        for row in try Row.fetchAllCached(db, sql: "SELECT * FROM arrangement WHERE start_day <= ? ORDER BY id", arguments: [day]) {
            let arrangement = try ArrangementStore.schedule(from: row, in: db)
            snapshot.arrangements[arrangement.account, default: []].append(arrangement)
        }
        return snapshot
    }
}
