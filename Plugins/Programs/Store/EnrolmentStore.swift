import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// The SQL behind enrolments, named for intent. Each row keeps the whole `Enrolment`
/// message; its members are indexed in `enrolment_member`.
enum EnrolmentStore {
    /// "E000001" for row 1.
    static let ids = RecordID("E", name: "an enrolment id")

    static func text(_ id: Int64) -> String { ids.text(id) }

    /// The row id of "E000001", or INVALID_ARGUMENT.
    static func parse(_ text: String, field: String = "enrolment_id") throws(RPCError) -> Int64 {
        try ids.row(text, field: field)
    }

    /// Inserts a new enrolment and returns it with its id assigned.
    static func insert(_ enrolment: Settle_Programs_V1_Enrolment, in db: Database) throws -> Settle_Programs_V1_Enrolment {
        try db.execute(sql: """
            INSERT INTO enrolment (kind, agreement_id, account_number, status, effective_from, effective_to, body) VALUES (?, ?, ?, ?, ?, ?, x'')
            """, arguments: [enrolment.kind, Int64(enrolment.agreementID), enrolment.accountNumber, enrolment.status, enrolment.effectiveFrom, enrolment.effectiveTo])
        var saved = enrolment
        saved.id = text(db.lastInsertedRowID)
        try update(saved, in: db)
        return saved
    }

    /// Writes an enrolment's row and members as the message says.
    static func update(_ enrolment: Settle_Programs_V1_Enrolment, in db: Database) throws {
        let id = try parse(enrolment.id)
        let body: [UInt8] = try enrolment.serializedBytes()
        try db.execute(sql: "UPDATE enrolment SET status = ?, effective_from = ?, effective_to = ?, body = ? WHERE id = ?",
                       arguments: [enrolment.status, enrolment.effectiveFrom, enrolment.effectiveTo, Data(body), id])
        try db.execute(sql: "DELETE FROM enrolment_member WHERE enrolment_id = ?", arguments: [id])
        for member in Set([enrolment.agreementID] + enrolment.memberAgreementIds) {
            try db.execute(sql: "INSERT INTO enrolment_member (agreement_id, enrolment_id) VALUES (?, ?)", arguments: [Int64(member), id])
        }
    }

    static func load(_ id: Int64, in db: Database) throws -> Settle_Programs_V1_Enrolment {
        guard let body = try Data.fetchOne(db, sql: "SELECT body FROM enrolment WHERE id = ?", arguments: [id]) else {
            throw ProgramsError.notFound("no enrolment \(text(id))")
        }
        return try Settle_Programs_V1_Enrolment(serializedBytes: Array(body))
    }

    /// Enrolments that involve any of these agreements (as the billed one or a member), by id.
    static func involving(_ agreements: [UInt64], in db: Database) throws -> [Settle_Programs_V1_Enrolment] {
        guard !agreements.isEmpty else { return [] }
        // One statement for any batch: the agreements go as one JSON array, and each
        // enrolment comes back once with its body, in id order.
        let list = "[" + agreements.map(String.init).joined(separator: ",") + "]"
        return try db.fetchCached(sql: """
            SELECT body FROM enrolment WHERE id IN
                (SELECT enrolment_id FROM enrolment_member WHERE agreement_id IN (SELECT value FROM json_each(?)))
            ORDER BY id
            """, arguments: [list]) { row in try Settle_Programs_V1_Enrolment(serializedBytes: Array(row[0] as Data)) }
    }

    /// Every enrolment of an account, by id.
    static func ofAccount(_ account: String, in db: Database) throws -> [Settle_Programs_V1_Enrolment] {
        try Data.fetchAll(db, sql: "SELECT body FROM enrolment WHERE account_number = ? ORDER BY id", arguments: [account])
            .map { try Settle_Programs_V1_Enrolment(serializedBytes: Array($0)) }
    }

    /// The enrolments of several accounts, by id, through the same index as one account's.
    static func ofAccounts(_ accounts: [String], in db: Database) throws -> [Settle_Programs_V1_Enrolment] {
        try Data.fetchAll(db, sql: """
            SELECT body FROM enrolment WHERE account_number IN (SELECT value FROM json_each(?)) ORDER BY id
            """, arguments: [String(decoding: try JSONEncoder().encode(accounts), as: UTF8.self)])
            .map { try Settle_Programs_V1_Enrolment(serializedBytes: Array($0)) }
    }

    /// A page of enrolments by id after `after`, optionally of one kind and status.
    static func page(kind: String, status: String, after: Int64, limit: Int, in db: Database) throws -> [Settle_Programs_V1_Enrolment] {
        var conditions = ["id > ?"]
        var arguments: StatementArguments = [after]
        if !kind.isEmpty { conditions.append("kind = ?"); arguments += [kind] }
        if !status.isEmpty { conditions.append("status = ?"); arguments += [status] }
        arguments += [limit]
        return try Data.fetchAll(db, sql: "SELECT body FROM enrolment WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?", arguments: arguments)
            .map { try Settle_Programs_V1_Enrolment(serializedBytes: Array($0)) }
    }
}

extension Settle_Programs_V1_Enrolment {
    /// Whether the enrolment is in force on some day of [from, to) (dates as text).
    func inForce(from: String, to: String) -> Bool {
        effectiveFrom < to && (effectiveTo.isEmpty || effectiveTo >= from)
    }

    /// Every agreement of the enrolment, the billed one first.
    var allAgreements: [UInt64] {
        [agreementID] + memberAgreementIds.filter { $0 != agreementID }
    }
}
