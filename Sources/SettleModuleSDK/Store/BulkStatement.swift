public import GRDB
internal import GRDBSQLite

/// A prepared statement run many times in one transaction, its arguments bound straight
/// through the SQLite C API: the one way every module's bulk path (a read import, a payment
/// file, eligibility decisions, a billing run's bills and charges) writes row by row.
///
/// GRDB's `execute(arguments:)` builds a `StatementArguments` (an array of existential
/// values) per call; a bulk import or a billing run runs the same INSERT thousands of
/// times, so binding directly removes allocations and copies per row. Bind every
/// parameter, then `step()`.
public struct BulkStatement {
    private let statement: Statement
    private let db: Database

    /// A statement compiled for this use only (a bulk import's statements run once per import).
    public init(_ sql: String, in db: Database) throws {
        self.statement = try db.makeStatement(sql: sql)
        self.db = db
    }

    /// A statement from the connection's cache: the same SQL run by every batch of a run is
    /// compiled once per connection. It starts reset, with no values bound.
    public init(cached sql: String, in db: Database) throws {
        self.statement = try db.cachedStatement(sql: sql)
        self.db = db
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    /// Binds the 1-based parameter `index`.
    @inline(__always)
    public func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    /// Binds the 1-based parameter `index`.
    @inline(__always)
    public func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(statement.sqliteStatement, index, Int64(value))
    }

    /// Binds SQL NULL to the 1-based parameter `index`.
    public func bindNull(_ index: Int32) {
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    /// Binds text (copied by SQLite) to the 1-based parameter `index`.
    public func bind(_ index: Int32, _ text: String) throws {
        var text = text
        let code = text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                // An empty string still needs a non-null pointer, or SQLite binds NULL.
                guard let base = chars.baseAddress else { return sqlite3_bind_text(statement.sqliteStatement, index, "", 0, SQLITE_TRANSIENT) }
                return sqlite3_bind_text(statement.sqliteStatement, index, base, Int32(chars.count), SQLITE_TRANSIENT)
            }
        }
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding text failed") }
    }

    /// Binds a blob (copied by SQLite) to the 1-based parameter `index`.
    public func bind(_ index: Int32, blob: [UInt8]) throws {
        let code = blob.withUnsafeBytes { raw in
            sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), SQLITE_TRANSIENT)
        }
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding a blob failed") }
    }

    /// Runs the statement with the bound values and resets it for the next row. Returns the
    /// rows changed (0 when an ON CONFLICT DO NOTHING skipped it).
    @discardableResult
    public func step() throws -> Int {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }
}

extension BulkStatement {
    /// Steps a query once: calls `read` with the statement when it yields a row (read its
    /// columns with `int64(_:)` and `text(_:)`), then resets it. Nil when there is no row.
    public func first<T>(_ read: (BulkStatement) -> T) throws -> T? {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return read(self)
    }

    /// The 0-based `column` of the row `first(_:)` is reading.
    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement.sqliteStatement, column)
    }

    /// The 0-based `column` of the row `first(_:)` is reading, as text ("" for NULL).
    public func text(_ column: Int32) -> String {
        let handle = statement.sqliteStatement
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
}

/// SQLite's "copy the value now" destructor, which the C macro expresses as a cast of -1.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
