import GRDB
import SettleContracts

/// Reading the module's columns into contract fields, failing (not crashing) on bad data.
extension Row {
    func text(_ column: String) throws -> String {
        try decode(String.self, forColumn: column)
    }

    /// A nullable text column, with NULL read as "" (the contract's "none").
    func textOrEmpty(_ column: String) throws -> String {
        try decode(String?.self, forColumn: column) ?? ""
    }

    func int64(_ column: String) throws -> Int64 {
        try decode(Int64.self, forColumn: column)
    }

    func bool(_ column: String) throws -> Bool {
        try decode(Bool.self, forColumn: column)
    }

    /// An address stored as `<prefix>line1`, `<prefix>line2`, `<prefix>city`, … columns.
    func address(prefix: String) throws -> AddressMessage {
        var address = AddressMessage()
        address.line1 = try text(prefix + "line1")
        address.line2 = try text(prefix + "line2")
        address.city = try text(prefix + "city")
        address.state = try text(prefix + "state")
        address.postalCode = try text(prefix + "postal_code")
        return address
    }
}

/// Nullable date columns: the contract's "" is stored as NULL.
func nullIfEmpty(_ text: String) -> String? {
    text.isEmpty ? nil : text
}

/// A SQL `WHERE` clause built from optional filters, with its arguments in order.
struct SQLFilter {
    private(set) var conditions: [String] = []
    private(set) var arguments = StatementArguments()

    mutating func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?] = []) {
        conditions.append(condition)
        arguments += StatementArguments(values)
    }

    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }
}
