public import GRDB

// Statements through the connection's statement cache. A bulk mutation runs the same few
// statements for every row; compiling (and authorizing) each one once per connection
// instead of once per row is most of the difference between hundreds and thousands of
// rows a second. Only single statements can be cached: migrations keep `execute(sql:)`.

extension Database {
    /// Runs one SQL statement, compiled once per connection.
    public func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Database {
    /// Every row of a cached statement, decoded while it is read. The rows are not copied
    /// and typed column reads take SQLite's fast path, which makes bulk reads of records
    /// (a cycle's meters, reads, agreements) several times cheaper than `fetchAllCached`
    /// then decoding. `decode` must not keep the row: it is only valid during the call.
    public func fetchCached<Record>(sql: String, arguments: StatementArguments = StatementArguments(), _ decode: (Row) throws -> Record) throws -> [Record] {
        let rows = try Row.fetchCursor(cachedStatement(sql: sql), arguments: arguments)
        var records: [Record] = []
        while let row = try rows.next() { records.append(try decode(row)) }
        return records
    }
}

extension Row {
    /// The first row of a cached statement, or nil.
    public static func fetchOneCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Every row of a cached statement.
    public static func fetchAllCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    /// The first value of a cached statement, or nil.
    public static func fetchOneCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Every value of a cached statement.
    public static func fetchAllCached(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
