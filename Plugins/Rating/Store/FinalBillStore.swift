import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Final bills (table `final_bill`): which bill is an agreement's final one, and whether
/// Accounts has recorded it.
enum FinalBillStore {
    /// Records `bill` as its agreement's final bill (in the transaction that stores it).
    static func record(_ bill: Settle_Rating_V1_Bill, in db: Database) throws {
        try db.executeCached(
            sql: "INSERT INTO final_bill (agreement_id, bill_id, cycle, period) VALUES (?, ?, ?, ?) ON CONFLICT (agreement_id) DO NOTHING",
            arguments: [Int64(bitPattern: bill.agreementID), bill.id, bill.cycle, bill.period])
    }

    /// The agreement's final bill, if it has one.
    static func bill(agreement: UInt64, in db: Database) throws -> Settle_Rating_V1_Bill? {
        try BillStore.bills(
            sql: "SELECT body, \(BillStore.postedColumn) FROM bill WHERE id = (SELECT bill_id FROM final_bill WHERE agreement_id = ?)",
            arguments: [Int64(bitPattern: agreement)], in: db).first
    }

    /// Final bills of a cycle and period that Accounts has not recorded yet.
    static func pending(cycle: UInt32, period: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try BillStore.bills(sql: """
            SELECT body, \(BillStore.postedColumn) FROM bill WHERE id IN (SELECT bill_id FROM final_bill WHERE cycle = ? AND period = ? AND completed_at = '')
            AND status = 'issued' ORDER BY id
            """, arguments: [cycle, period], in: db)
    }

    /// The agreement's latest bill that still stands (not cancelled), for where a final bill starts.
    static func lastBill(agreement: UInt64, in db: Database) throws -> Settle_Rating_V1_Bill? {
        try BillStore.bills(
            sql: "SELECT body, \(BillStore.postedColumn) FROM bill WHERE agreement_id = ? AND status <> 'cancelled' ORDER BY period DESC, id DESC LIMIT 1",
            arguments: [Int64(bitPattern: agreement)], in: db).first
    }

    /// Marks the final bill recorded by Accounts, audited; false when it already was.
    @discardableResult
    static func markCompleted(_ bill: Settle_Rating_V1_Bill, agreementStatus: String, actor: String, method: String, in db: Database) throws -> Bool {
        try db.executeCached(
            sql: "UPDATE final_bill SET completed_at = ? WHERE agreement_id = ? AND completed_at = ''",
            arguments: [UTCTimestamp.seconds(from: Date()), Int64(bitPattern: bill.agreementID)])
        guard db.changesCount > 0 else { return false }
        _ = try AuditLog.append(AuditEntry(
            actor: actor, method: method, entity: "final_bill/\(bill.agreementID)", before: "",
            after: "{\"bill\":\"\(bill.id)\",\"agreement_status\":\"\(agreementStatus)\"}",
            reason: "final bill \(bill.id) recorded by Accounts (CompleteFinalBill)"), in: db)
        return true
    }
}
