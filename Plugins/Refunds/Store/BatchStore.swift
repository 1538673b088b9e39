import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Disbursement batches, payees' bank details, the check-number sequence and the policy.
enum BatchStore {
    /// "D000001" for row 1.
    static let ids = RecordID("D", name: "a batch id")

    static func text(_ id: Int64) -> String { ids.text(id) }

    static func parse(_ text: String, field: String = "batch_id") throws(RPCError) -> Int64 {
        try ids.row(text, field: field)
    }

    /// The id the next batch will get.
    static func nextID(in db: Database) throws -> Int64 {
        (try Int64.fetchOneCached(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM disbursement_batch") ?? 1)
    }

    static func save(_ batch: Settle_Refunds_V1_DisbursementBatch, in db: Database) throws {
        let id = try parse(batch.id)
        let body: [UInt8] = try batch.serializedBytes()
        try db.executeCached(sql: "INSERT INTO disbursement_batch (id, status, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body",
                       arguments: [id, batch.status, Data(body)])
    }

    static func load(_ text: String, in db: Database) throws -> Settle_Refunds_V1_DisbursementBatch {
        let id = try parse(text)
        guard let body = try Data.fetchOneCached(db, sql: "SELECT body FROM disbursement_batch WHERE id = ?", arguments: [id]) else {
            throw RefundsError.notFound("no disbursement batch \(text)")
        }
        return try Settle_Refunds_V1_DisbursementBatch(serializedBytes: Array(body))
    }

    /// Reserves `count` check numbers and returns the first (the sequence starts at 100001).
    static func reserveChecks(_ count: Int, in db: Database) throws -> Int64 {
        let first = try Int64.fetchOneCached(db, sql: "SELECT next FROM check_number WHERE id = 1") ?? 100_001
        try db.executeCached(sql: "INSERT INTO check_number (id, next) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET next = excluded.next",
                       arguments: [first + Int64(count)])
        return first
    }

    static func bank(_ account: String, in db: Database) throws -> Settle_Refunds_V1_PayeeBank? {
        try Data.fetchOneCached(db, sql: "SELECT body FROM payee_bank WHERE account_number = ?", arguments: [account])
            .map { try Settle_Refunds_V1_PayeeBank(serializedBytes: Array($0)) }
    }

    static func saveBank(_ bank: Settle_Refunds_V1_PayeeBank, in db: Database) throws {
        let body: [UInt8] = try bank.serializedBytes()
        try db.executeCached(sql: "INSERT INTO payee_bank (account_number, body) VALUES (?, ?) ON CONFLICT (account_number) DO UPDATE SET body = excluded.body",
                       arguments: [bank.accountNumber, Data(body)])
    }
}

/// The refunds policy: one row, defaults until a supervisor sets one.
enum RefundPolicyStore {
    /// $500 supervisor threshold, $1 minimum, 4 years' limitation, checks void after 180 days,
    /// other balances first, assurance of two months' average bill, and a placeholder originator.
    static var defaults: Settle_Refunds_V1_RefundPolicy {
        var policy = Settle_Refunds_V1_RefundPolicy()
        policy.supervisorThresholdCents = 50_000
        policy.minimumRefundCents = 100
        policy.limitationYears = 4
        policy.uncashedCheckDays = 180
        policy.applyToOtherBalances = true
        policy.assuranceMonths = 2
        policy.companyName = "SETTLE UTILITY"
        policy.companyID = "1234567890"
        policy.originRouting = "071000013"
        policy.originName = "FIRST MUNICIPAL BANK"
        policy.destinationRouting = "071000301"
        policy.destinationName = "FEDERAL RESERVE BANK"
        return policy
    }

    private static let row = MessageRow<Settle_Refunds_V1_RefundPolicy>(table: "refund_policy", keyColumn: "id", key: 1)

    static func load(in db: Database) throws -> Settle_Refunds_V1_RefundPolicy {
        try row.load(in: db, defaults: defaults)
    }

    static func save(_ policy: Settle_Refunds_V1_RefundPolicy, in db: Database) throws {
        try row.save(policy, in: db)
    }
}
