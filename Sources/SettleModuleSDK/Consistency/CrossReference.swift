public import GRDB

/// One side of a reference between modules, read from the module's own store: the keys it
/// holds under a shared name, or the keys it needs another module to hold.
///
/// Modules never read each other's files, so a store set is proven consistent by matching
/// names: for every reference some module *requires*, the module that *provides* that name
/// must hold every key, with the same value. Rating provides `settle.rating/bill` (each bill
/// and its total) and Collections requires it for every bill it charged;
/// Collections provides `settle.collections/bill-charge` and Rating requires it for every
/// posted bill; Accounts provides `settle.accounts/account` and Collections requires it for
/// every account a payment was posted to. A new module joins by declaring its own
/// (e.g. Programs requiring `settle.rating/bill` for its bank entries) — no checker change.
public struct CrossReference: Sendable {
    /// Whether the module holds the keys or needs them held elsewhere.
    public enum Role: String, Sendable {
        case provides
        case requires
    }

    /// The shared name, `settle.<owner>/<what>`, e.g. `settle.rating/bill`.
    public let name: String
    public let role: Role
    /// What the keys are, in the operator's words: "posted bills", "bills charged in the ledger".
    public let describes: String
    /// The keys and their values (e.g. bill id → total cents; "" when only presence matters).
    /// Read from one snapshot of the module's store.
    public let keys: @Sendable (Database) throws -> [String: String]

    public init(name: String, role: Role, describes: String, keys: @escaping @Sendable (Database) throws -> [String: String]) {
        self.name = name
        self.role = role
        self.describes = describes
        self.keys = keys
    }
}

/// A module whose store refers to other modules' data, or holds data they refer to.
///
/// Conformance lives beside the module (e.g. `RatingModule+References.swift`); the host finds
/// it when it checks a store set (`settle admin check`, `backup --verify`, start-up).
public protocol CrossModuleReferences {
    static var crossReferences: [CrossReference] { get }
}
