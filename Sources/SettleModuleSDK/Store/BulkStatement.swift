public import GRDB
internal import GRDBSQLite

/// A prepared statement run many times in one transaction, its arguments bound straight
/// through the SQLite C API.
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
    /// compiled once per connection.
    public init(cached sql: String, in db: Database) throws {
        self.statement = try db.cachedStatement(sql: sql)
        self.db = db
    }

    /// Binds the 1-based parameter `index`.
    @inline(__always)
    public func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
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

/// SQLite's "copy the value now" destructor, which the C macro expresses as a cast of -1.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
