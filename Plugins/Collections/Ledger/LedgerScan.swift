import GRDB
import GRDBSQLite

/// One pass over the whole ledger (or the given accounts), account by account, in the
/// order of the `(account_number, due_day, id)` index, computing each account's position.
///
/// This is the path the portfolio aging and the trial balance take over millions of entries,
/// so it steps one prepared statement through the SQLite C API and reads integer columns
/// directly, building an account's number as a `String` only when it changes.
enum LedgerScan {
    /// Calls `body(account, rateClass, position)` for every account with entries up to `day`
    /// (nil: all), or only for those of `accounts` that have entries. `rateClass` is the class
    /// of the account's most recent classified entry.
    ///
    /// With `accounts` the scan seeks each of them in the index (SQLite walks the list in
    /// order, so no sort is needed): one statement for 10,000 accounts instead of 10,000.
    static func positions(
        through day: Int?,
        withBills: Bool = false,
        accounts: [String]? = nil,
        in db: Database,
        _ body: (String, String, AccountPosition) throws -> Void
    ) throws {
        if let accounts, accounts.isEmpty { return }
        // Without bills the query reads only the covering index; bill ids need the table.
        let statement = try db.makeStatement(sql: """
            SELECT account_number, id, amount_cents, entry_day, due_day, reverses_id, rate_class, kind\(withBills ? ", bill_id" : "")
            FROM ledger_entry INDEXED BY ledger_entry_by_account
            WHERE entry_day <= ?\(accounts == nil ? "" : " AND account_number IN (SELECT value FROM json_each(?))")
            ORDER BY account_number, due_day, id
            """)
        var arguments: StatementArguments = [day ?? Int.max]
        if let accounts { arguments += ["[" + accounts.map(AuditJSON.quote).joined(separator: ",") + "]"] }
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        var currentBytes: [UInt8] = []
        var current = ""
        var lines: [LedgerLine] = []
        var rateClass = ""
        var rateClassID: Int64 = 0
        var rateClasses: [String: String] = [:]

        func flush() throws {
            guard !lines.isEmpty else { return }
            try body(current, rateClass, OpenItemAllocator.position(of: lines))
            lines.removeAll(keepingCapacity: true)
            rateClass = ""
            rateClassID = 0
        }

        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let length = Int(sqlite3_column_bytes(handle, 0))
            if let text = sqlite3_column_text(handle, 0) {
                let buffer = UnsafeBufferPointer(start: text, count: length)
                if !buffer.elementsEqual(currentBytes) {
                    try flush()
                    currentBytes = Array(buffer)
                    current = String(decoding: buffer, as: UTF8.self)
                }
            }
            let id = sqlite3_column_int64(handle, 1)
            let reverses = sqlite3_column_type(handle, 5) == SQLITE_NULL ? nil : Optional(sqlite3_column_int64(handle, 5))
            var classText = ""
            let classLength = Int(sqlite3_column_bytes(handle, 6))
            if classLength > 0, let pointer = sqlite3_column_text(handle, 6) {
                let bytes = UnsafeBufferPointer(start: pointer, count: classLength)
                // Interned: a handful of classes over millions of rows.
                let key = String(decoding: bytes, as: UTF8.self)
                if let known = rateClasses[key] { classText = known } else { rateClasses[key] = key; classText = key }
                if id > rateClassID { rateClass = classText; rateClassID = id }
            }
            let kindLength = Int(sqlite3_column_bytes(handle, 7))
            let kind = sqlite3_column_text(handle, 7).map { String(decoding: UnsafeBufferPointer(start: $0, count: kindLength), as: UTF8.self) } ?? ""
            var bill = ""
            if withBills, let pointer = sqlite3_column_text(handle, 8) {
                bill = String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, 8))), as: UTF8.self)
            }
            lines.append(LedgerLine(
                id: id, kind: kind, amount: sqlite3_column_int64(handle, 2),
                entryDay: Int(sqlite3_column_int64(handle, 3)), dueDay: Int(sqlite3_column_int64(handle, 4)),
                billID: bill, rateClass: classText, reversesID: reverses))
        }
        try flush()
    }
}
