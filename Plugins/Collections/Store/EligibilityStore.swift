import Foundation
import GRDB
import SettleContracts
import SwiftProtobuf
import SettleModuleSDK

/// Eligibility decisions as stored: each with its rules serialized.
enum EligibilityStore {
    /// The prepared insert a run writes every decision through (one statement for the run).
    static func decisionInsert(in db: Database) throws -> BulkStatement {
        try BulkStatement(cached: """
            INSERT INTO eligibility_decision (account_number, as_of_day, eligible, notice_id, past_due_cents, collectible_cents, rules)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, in: db)
    }

    /// Writes one decision (its rules already serialized, off the event loop) through `insert`.
    static func write(_ decision: Settle_Collections_V1_EligibilityDecision, rules: [UInt8], asOf: Int, with insert: BulkStatement) throws {
        try insert.bind(1, decision.accountNumber)
        insert.bind(2, asOf)
        insert.bind(3, Int64(decision.eligible ? 1 : 0))
        insert.bind(4, Int64(clamping: decision.noticeID))
        insert.bind(5, decision.pastDueCents)
        insert.bind(6, decision.collectiblePastDueCents)
        try insert.bind(7, blob: rules)
        try insert.step()
    }

    /// Decisions of an account, of a day, or of both, newest first, at most `limit`.
    static func decisions(account: String, day: Int?, limit: Int, in db: Database) throws -> [Settle_Collections_V1_EligibilityDecision] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !account.isEmpty { conditions.append("account_number = ?"); arguments += [account] }
        if let day { conditions.append("as_of_day = ?"); arguments += [day] }
        arguments += [limit]
        return try Row.fetchAllCached(db, sql: """
            SELECT id, rules FROM eligibility_decision WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?
            """, arguments: arguments).map { row in
            let blob: Data = row["rules"]
            var decision = try Settle_Collections_V1_EligibilityDecision(serializedBytes: Array(blob))
            decision.id = UInt64(clamping: row["id"] as Int64)
            return decision
        }
    }

    /// The account a decision was made for (nil: no such decision).
    static func decisionAccount(_ id: Int64, in db: Database) throws -> String? {
        try String.fetchOneCached(db, sql: "SELECT account_number FROM eligibility_decision WHERE id = ?", arguments: [id])
    }
}
