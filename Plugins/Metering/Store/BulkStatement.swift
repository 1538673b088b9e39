import GRDB
import GRDBSQLite

/// A prepared statement run many times in one transaction with integer and blob arguments
/// bound straight through the SQLite C API.
///
/// GRDB's `execute(arguments:)` builds a `StatementArguments` (an array of values and a
/// dictionary) per call; a bulk import runs the same INSERT a million times, so binding the
/// integers directly removes allocations and copies per row. Bind every parameter, then
/// `step()`.
struct BulkStatement {
    private let statement: Statement
    private let db: Database

    init(_ sql: String, in db: Database) throws {
        self.statement = try db.makeStatement(sql: sql)
        self.db = db
    }

    /// Binds the 1-based parameter `index`.
    @inline(__always)
    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    /// Binds a blob (copied by SQLite) to the 1-based parameter `index`.
    func bind(_ index: Int32, blob: [UInt8]) throws {
        let code = blob.withUnsafeBytes { raw in
            sqlite3_bind_blob(statement.sqliteStatement, index, raw.baseAddress, Int32(raw.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding a blob failed") }
    }

    /// Runs the statement with the bound values and resets it for the next row. Returns the
    /// rows changed (0 when an ON CONFLICT DO NOTHING skipped it).
    @discardableResult
    func step() throws -> Int {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }
}
