import GRDB
import SettleModuleSDK

/// Reads and writes of payment arrangements and their explicit installments.
enum ArrangementStore {
    /// An account's arrangements, oldest first.
    static func arrangements(account: String, in db: Database) throws -> [ArrangementSchedule] {
        try Row.fetchAllCached(db, sql: "SELECT * FROM arrangement WHERE account_number = ? ORDER BY id", arguments: [account])
            .map { try schedule(from: $0, in: db) }
    }

    static func arrangement(id: Int64, in db: Database) throws -> ArrangementSchedule? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM arrangement WHERE id = ?", arguments: [id]).map { try schedule(from: $0, in: db) }
    }

    /// An `arrangement` row with its explicit installments (none for equal monthly ones).
    static func schedule(from row: Row, in db: Database) throws -> ArrangementSchedule {
        let id: Int64 = row["id"]
        let explicit = try Row.fetchAllCached(db, sql: """
            SELECT number, due_day, amount_cents FROM arrangement_installment WHERE arrangement_id = ? ORDER BY number
            """, arguments: [id]).map { ArrangementSchedule.Item(number: $0[0], dueDay: $0[1], amount: $0[2]) }
        return ArrangementSchedule(
            id: id, account: row["account_number"], total: row["total_cents"], downPayment: row["down_payment_cents"],
            startDay: row["start_day"], installments: row["installments"], explicit: explicit)
    }

    /// Creates an arrangement with its explicit installments (if any) and returns its id.
    static func insert(
        account: String, total: Int64, downPayment: Int64, startDay: Int, installments: Int, explicit: [ArrangementSchedule.Item], in db: Database
    ) throws -> Int64 {
        try db.executeCached(sql: """
            INSERT INTO arrangement (account_number, total_cents, down_payment_cents, start_day, installments) VALUES (?, ?, ?, ?, ?)
            """, arguments: [account, total, downPayment, startDay, installments])
        let id = db.lastInsertedRowID
        for item in explicit {
            try db.executeCached(sql: "INSERT INTO arrangement_installment (arrangement_id, number, due_day, amount_cents) VALUES (?, ?, ?, ?)",
                                 arguments: [id, item.number, item.dueDay, item.amount])
        }
        return id
    }
}
