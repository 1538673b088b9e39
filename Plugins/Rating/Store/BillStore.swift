import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Reads and writes bills inside a store transaction. The whole `Bill` message is kept as
/// the row's body; the columns are what runs, registers and holds select on.
enum BillStore {
    /// Whether a bill's charge is posted, as a result column named `posted`: marked on the
    /// bill itself (a released bill, a rebill, a rerun's leftovers) or through the confirmed
    /// posting of its run's batch. Every bill query selects `body, \(postedColumn)`.
    static let postedColumn = "(posted OR EXISTS (SELECT 1 FROM bill_posting p WHERE p.key = bill.posting_key)) AS posted"

    static func insert(_ bill: Settle_Rating_V1_Bill, in db: Database) throws {
        try insert(bill, body: try bill.serializedBytes(), in: db)
    }

    /// Inserts a bill whose body is already serialized: a billing run serializes while it
    /// rates, so the stage that writes does only the writing. Arguments are bound straight
    /// through SQLite (a run inserts thousands of rows with the same statement).
    static func insert(_ bill: Settle_Rating_V1_Bill, body: [UInt8], postingKey: String = "", in db: Database) throws {
        let statement = try BulkStatement(cached: """
            INSERT INTO bill (id, run_id, cycle, period, agreement_id, account_number, rate_class, service_type, tariff_code, status,
                              total_cents, tax_cents, delivered_wh, billing_demand_w, posted, replaces, body, posting_key,
                              components, use_thousandths, max_demand_w)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, in: db)
        try statement.bind(1, bill.id)
        try statement.bind(2, bill.runID)
        statement.bind(3, Int64(bill.cycle))
        try statement.bind(4, bill.period)
        statement.bind(5, Int64(bitPattern: bill.agreementID))
        try statement.bind(6, bill.accountNumber)
        try statement.bind(7, bill.rateClass)
        try statement.bind(8, bill.serviceType)
        try statement.bind(9, bill.tariffCode)
        try statement.bind(10, bill.status)
        statement.bind(11, bill.rated.totalCents)
        statement.bind(12, bill.rated.taxCents)
        statement.bind(13, bill.input.deliveredWh)
        statement.bind(14, bill.rated.billingDemandW)
        statement.bind(15, bill.posted ? 1 : 0)
        try statement.bind(16, bill.replaces)
        try statement.bind(17, blob: body)
        try statement.bind(18, postingKey)
        try statement.bind(19, blob: ComponentTotals(bill.rated).encoded)
        statement.bind(20, BillUse.thousandths(bill))
        statement.bind(21, bill.input.maxDemandW)
        try statement.step()
    }

    static func update(_ bill: Settle_Rating_V1_Bill, in db: Database) throws {
        let body = try Data(bill.serializedBytes() as [UInt8])
        try db.executeCached(sql: "UPDATE bill SET status = ?, posted = ?, body = ? WHERE id = ?", arguments: [bill.status, bill.posted, body, bill.id])
    }

    static func bill(_ id: String, in db: Database) throws -> Settle_Rating_V1_Bill {
        guard let bill = try bills(sql: "SELECT body, \(postedColumn) FROM bill WHERE id = ?", arguments: [id], in: db).first else {
            throw RatingError.notFound("no bill with id '\(id)'")
        }
        return bill
    }

    /// Bills selected by `sql`, whose columns are `body, \(postedColumn)`: that column is the
    /// truth (posting marks it without rewriting bodies).
    static func bills(sql: String, arguments: StatementArguments, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try Row.fetchAllCached(db, sql: sql, arguments: arguments).map { row in
            let body: Data = row["body"] ?? Data()
            var bill = try Settle_Rating_V1_Bill(serializedBytes: body)
            bill.posted = (row["posted"] as Int64? ?? 0) != 0
            return bill
        }
    }

    /// Marks bills posted, with one audit record naming them and what Collections answered.
    /// With `postingKey` (a run's batch, whose bills were stored with that key) one row marks
    /// them all; without it each bill is marked.
    static func markPosted(
        _ ids: [String], response: Settle_Collections_V1_PostBillChargesResponse, postingKey: String? = nil, actor: String, method: String, reason: String,
        in db: Database
    ) throws {
        if let postingKey, !postingKey.isEmpty {
            try db.executeCached(
                sql: "INSERT INTO bill_posting (key, bills, posted, already_posted, posted_cents) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                arguments: [postingKey, ids.count, response.posted, response.alreadyPosted, response.postedCents])
        } else {
            let statement = try BulkStatement(cached: "UPDATE bill SET posted = 1 WHERE id = ?", in: db)
            for id in ids {
                try statement.bind(1, id)
                try statement.step()
            }
        }
        let after = "{\"posted\":\(response.posted),\"already_posted\":\(response.alreadyPosted),\"posted_cents\":\(response.postedCents),\"bills\":[\(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"
        let entity = ids.count == 1 ? "bill/\(ids[0])/posting" : "bill_posting/\(ids.first ?? "")..\(ids.last ?? "")"
        _ = try AuditLog.append(AuditEntry(actor: actor, method: method, entity: entity, before: "", after: after, reason: reason.isEmpty ? "charges posted to Collections" : reason), in: db)
    }

    /// The agreements that already have an original bill for a cycle and period.
    static func billedAgreements(cycle: UInt32, period: String, in db: Database) throws -> Set<UInt64> {
        Set(try Int64.fetchAllCached(db, sql: "SELECT agreement_id FROM bill WHERE cycle = ? AND period = ? AND replaces = ''", arguments: [cycle, period]).map { UInt64($0) })
    }

    /// Average issued bill (cents) of each agreement over the 12 periods before `period`.
    static func averages(before period: YearMonth, in db: Database) throws -> [UInt64: Int64] {
        let rows = try Row.fetchAllCached(db, sql: """
            SELECT agreement_id, SUM(total_cents) AS total, COUNT(*) AS bills FROM bill
            WHERE status = 'issued' AND period >= ? AND period < ? GROUP BY agreement_id
            """, arguments: [period.adding(months: -12).description, period.description])
        var result: [UInt64: Int64] = [:]
        for row in rows {
            let id: Int64 = row["agreement_id"] ?? 0
            let total: Int64 = row["total"] ?? 0
            let count: Int64 = row["bills"] ?? 1
            result[UInt64(id)] = total / max(count, 1)
        }
        return result
    }

    /// Billing demand of issued bills over the 12 periods before `period`, newest first.
    static func demandHistory(before period: YearMonth, in db: Database) throws -> [UInt64: [Settle_Rating_V1_PastDemand]] {
        let rows = try Row.fetchAllCached(db, sql: """
            SELECT agreement_id, period, billing_demand_w FROM bill
            WHERE status = 'issued' AND billing_demand_w > 0 AND period >= ? AND period < ? ORDER BY period DESC
            """, arguments: [period.adding(months: -12).description, period.description])
        var result: [UInt64: [Settle_Rating_V1_PastDemand]] = [:]
        for row in rows {
            let id: Int64 = row["agreement_id"] ?? 0
            var past = Settle_Rating_V1_PastDemand()
            past.period = row["period"] ?? ""
            past.billingDemandW = row["billing_demand_w"] ?? 0
            result[UInt64(id), default: []].append(past)
        }
        return result
    }
}
