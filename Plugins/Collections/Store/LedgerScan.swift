import Foundation
import GRDB
import GRDBSQLite
import SettleDomain

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
        // Budget charges are few beside the ledger: read them once, found by entry id below
        // (the covering index the scan reads stays as it is).
        let installments = try budgetInstallments(accounts: accounts, in: db)
        // Without bills the query reads only the covering index; bill ids need the table.
        let statement = try db.makeStatement(sql: """
            SELECT account_number, id, amount_cents, entry_day, due_day, reverses_id, rate_class, kind\(withBills ? ", bill_id" : "")
            FROM ledger_entry INDEXED BY ledger_entry_by_account
            WHERE entry_day <= ?\(accounts == nil ? "" : " AND account_number IN (SELECT value FROM json_each(?))")
            ORDER BY account_number, due_day, id
            """)
        var arguments: StatementArguments = [day ?? Int.max]
        if let accounts { arguments += ["[" + accounts.map(JSONText.quoted).joined(separator: ",") + "]"] }
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        var currentBytes: [UInt8] = []
        var current = ""
        var lines: [LedgerLine] = []
        var rateClass = ""
        var rateClassID: Int64 = 0
        // A handful of distinct rate classes and kinds over millions of rows: each is made a
        // String once and found again by its bytes, not decoded and hashed on every row.
        var rateClasses = TextInterner()
        var kinds = TextInterner()

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
            if let text = sqlite3_column_text(handle, 0) {
                let buffer = UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, 0)))
                if !TextInterner.equal(buffer, currentBytes) {
                    try flush()
                    currentBytes = Array(buffer)
                    current = String(decoding: buffer, as: UTF8.self)
                }
            }
            let id = sqlite3_column_int64(handle, 1)
            let reverses = sqlite3_column_type(handle, 5) == SQLITE_NULL ? nil : Optional(sqlite3_column_int64(handle, 5))
            var classText = ""
            if let pointer = sqlite3_column_text(handle, 6) {
                let length = Int(sqlite3_column_bytes(handle, 6))
                if length > 0 {
                    classText = rateClasses.text(UnsafeRawBufferPointer(start: pointer, count: length))
                    if id > rateClassID { rateClass = classText; rateClassID = id }
                }
            }
            let kind = sqlite3_column_text(handle, 7).map {
                kinds.text(UnsafeRawBufferPointer(start: $0, count: Int(sqlite3_column_bytes(handle, 7))))
            } ?? ""
            var bill = ""
            if withBills, let pointer = sqlite3_column_text(handle, 8) {
                bill = String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, 8))), as: UTF8.self)
            }
            lines.append(LedgerLine(
                id: id, kind: kind, amount: sqlite3_column_int64(handle, 2),
                entryDay: Int(sqlite3_column_int64(handle, 3)), dueDay: Int(sqlite3_column_int64(handle, 4)),
                billID: bill, rateClass: classText, reversesID: reverses,
                installmentDue: installments.isEmpty ? nil : installments[id]))
        }
        try flush()
    }

    /// What each budget-billing charge (of `accounts`, or all) made due, by entry id.
    static func budgetInstallments(accounts: [String]?, in db: Database) throws -> [Int64: Int64] {
        var found: [Int64: Int64] = [:]
        let rows: RowCursor
        if let accounts {
            rows = try Row.fetchCursor(db, sql: """
                SELECT entry_id, installment_due_cents FROM budget_charge WHERE account_number IN (SELECT value FROM json_each(?))
                """, arguments: ["[" + accounts.map(JSONText.quoted).joined(separator: ",") + "]"])
        } else {
            rows = try Row.fetchCursor(db, sql: "SELECT entry_id, installment_due_cents FROM budget_charge")
        }
        while let row = try rows.next() { found[row[0]] = row[1] }
        return found
    }
}


/// The few distinct texts of a column, each decoded once: a lookup compares bytes with the
/// last text found, then with each known one.
struct TextInterner {
    private var known: [(bytes: [UInt8], text: String)] = []
    private var last = -1

    mutating func text(_ bytes: UnsafeRawBufferPointer) -> String {
        if last >= 0, Self.equal(bytes, known[last].bytes) { return known[last].text }
        for index in known.indices where Self.equal(bytes, known[index].bytes) {
            last = index
            return known[index].text
        }
        known.append((Array(bytes), String(decoding: bytes, as: UTF8.self)))
        last = known.count - 1
        return known[last].text
    }

    static func equal(_ bytes: UnsafeRawBufferPointer, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress, !other.isEmpty else { return true }
        return other.withUnsafeBytes { theirs in
            guard let start = theirs.baseAddress else { return false }
            return memcmp(base, start, other.count) == 0
        }
    }
}
