public import SettleRPC

/// A closed list of lower-case words a contract field may hold, e.g. the service types.
///
/// The words belong to the contract, not to the module that first needed them, so every
/// module and client spells and checks them the same way. Parsing names the field and lists
/// the accepted words, so a caller's typo is answered with what to type instead.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension Vocabulary {
    /// The value `text` names, or INVALID_ARGUMENT naming `field` and the accepted words.
    public static func parse(_ text: String, field: String) throws(RPCError) -> Self {
        if let value = Self(rawValue: text) { return value }
        if text.isEmpty { throw RPCError(.invalidArgument, "\(field) is required (one of \(spelled))") }
        throw RPCError(.invalidArgument, "\(field) '\(text)' is not one of \(spelled)")
    }

    /// The accepted words, comma-separated, for messages.
    public static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
