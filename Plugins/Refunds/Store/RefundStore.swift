import Foundation
import GRDB
import SettleModuleSDK
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The SQL behind refund requests, named for intent. Each row keeps the whole `RefundRequest`.
enum RefundStore {
    /// "R000001" for row 1.
    static let ids = RecordID("R", name: "a refund id")

    static func text(_ id: Int64) -> String { ids.text(id) }

    /// The row id of "R000001", or INVALID_ARGUMENT naming the field.
    static func parse(_ text: String, field: String = "refund_id") throws(RPCError) -> Int64 {
        try ids.row(text, field: field)
    }

    /// Inserts a new request, or ALREADY_EXISTS naming the request that already holds its source and amount.
    static func insert(_ refund: Settle_Refunds_V1_RefundRequest, in db: Database) throws -> Settle_Refunds_V1_RefundRequest {
        if let existing = try holder(source: refund.source, amount: refund.amountCents, in: db) {
            throw RefundsError.alreadyExists("\(refund.source) for \(Dollars.grouped(refund.amountCents)) is already refund \(existing.id) (\(existing.status)); a source is paid at most once")
        }
        // The id is the next row id, taken inside the write transaction, so the row is written
        // once with its whole body (a batch of requests writes thousands).
        let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM refund")) ?? 1
        var saved = refund
        saved.id = text(id)
        let body: [UInt8] = try saved.serializedBytes()
        try db.cachedStatement(sql: """
            INSERT INTO refund (id, kind, account_number, source, amount_cents, status, batch_id, method, disbursed_date, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, saved.kind, saved.accountNumber, saved.source, saved.amountCents, saved.status, saved.batchID, saved.method,
                                     saved.disbursedDate, Data(body)])
        return saved
    }

    /// The request that holds a source and amount (not rejected, voided or reissued), if any.
    static func holder(source: String, amount: Int64, in db: Database) throws -> Settle_Refunds_V1_RefundRequest? {
        let holding = RefundStatus.holding.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try Data.fetchOne(db.cachedStatement(sql: "SELECT body FROM refund WHERE source = ? AND amount_cents = ? AND status IN (\(holding))"),
                                 arguments: [source, amount]).map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }

    static func update(_ refund: Settle_Refunds_V1_RefundRequest, in db: Database) throws {
        let id = try parse(refund.id)
        let body: [UInt8] = try refund.serializedBytes()
        try db.cachedStatement(sql: "UPDATE refund SET status = ?, batch_id = ?, method = ?, disbursed_date = ?, amount_cents = ?, body = ? WHERE id = ?")
            .execute(arguments: [refund.status, refund.batchID, refund.method, refund.disbursedDate, refund.amountCents, Data(body), id])
    }

    static func load(_ id: Int64, in db: Database) throws -> Settle_Refunds_V1_RefundRequest {
        guard let body = try Data.fetchOne(db.cachedStatement(sql: "SELECT body FROM refund WHERE id = ?"), arguments: [id]) else {
            throw RefundsError.notFound("no refund \(text(id))")
        }
        return try Settle_Refunds_V1_RefundRequest(serializedBytes: Array(body))
    }

    static func load(_ text: String, field: String = "refund_id", in db: Database) throws -> Settle_Refunds_V1_RefundRequest {
        try load(try parse(text, field: field), in: db)
    }

    /// A page of requests by id after `after`, filtered by status, kind and account.
    static func page(status: String, kind: String, account: String, after: Int64, limit: Int, in db: Database) throws -> [Settle_Refunds_V1_RefundRequest] {
        var conditions = ["id > ?"]
        var arguments: StatementArguments = [after]
        if !status.isEmpty { conditions.append("status = ?"); arguments += [status] }
        if !kind.isEmpty { conditions.append("kind = ?"); arguments += [kind] }
        if !account.isEmpty { conditions.append("account_number = ?"); arguments += [account] }
        arguments += [limit]
        return try Data.fetchAll(db, sql: "SELECT body FROM refund WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?", arguments: arguments)
            .map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }

    /// Approved requests not yet in a batch, by id, at most `limit`.
    static func approvedUnbatched(limit: Int, in db: Database) throws -> [Settle_Refunds_V1_RefundRequest] {
        try Data.fetchAllCached(db, sql: "SELECT body FROM refund WHERE status = 'approved' AND batch_id = '' ORDER BY id LIMIT ?", arguments: [limit])
            .map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }

    /// Checks paid on or before `day` and still disbursed (not returned).
    static func checksPaid(onOrBefore day: String, in db: Database) throws -> [Settle_Refunds_V1_RefundRequest] {
        try Data.fetchAllCached(db, sql: "SELECT body FROM refund WHERE status = 'disbursed' AND method = 'check' AND disbursed_date <= ? ORDER BY id", arguments: [day])
            .map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }
}

extension Settle_Refunds_V1_RefundRequest {
    /// Appends a history event.
    mutating func record(_ action: String, actor: String, reason: String = "", detail: String = "") {
        var event = Settle_Refunds_V1_RefundEvent()
        event.action = action
        event.actor = actor
        event.at = UTCTimestamp.seconds(from: Date())
        event.reason = reason
        event.detail = detail
        history.append(event)
    }
}
