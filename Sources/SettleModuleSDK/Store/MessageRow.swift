import Foundation
public import GRDB
public import SwiftProtobuf

/// A message kept whole in one row of a module's table (a policy, read often and set now and
/// then by a supervisor), with the module's defaults until the first one is saved.
///
/// Several modules keep their policies this way, so the two statements are written once; the
/// table, its key column and the row's key stay the module's own, named in its `Store/`.
public struct MessageRow<Message: SwiftProtobuf.Message>: Sendable {
    private let select: String
    private let upsert: String
    private let key: DatabaseValue

    /// The row of `table` whose `keyColumn` is `key`; the table has a `body BLOB` column and
    /// a unique `keyColumn`.
    public init(table: String, keyColumn: String, key: some DatabaseValueConvertible) {
        select = "SELECT body FROM \(table) WHERE \(keyColumn) = ?"
        upsert = "INSERT INTO \(table) (\(keyColumn), body) VALUES (?, ?) ON CONFLICT (\(keyColumn)) DO UPDATE SET body = excluded.body"
        self.key = key.databaseValue
    }

    /// The saved message, or `defaults` while none has been saved.
    public func load(in db: Database, defaults: @autoclosure () -> Message) throws -> Message {
        guard let body = try Data.fetchOne(db.cachedStatement(sql: select), arguments: [key]) else { return defaults() }
        return try Message(serializedBytes: Array(body))
    }

    /// Saves `message` in place of the row's earlier one.
    public func save(_ message: Message, in db: Database) throws {
        let body: [UInt8] = try message.serializedBytes()
        try db.executeCached(sql: upsert, arguments: [key, Data(body)])
    }
}
