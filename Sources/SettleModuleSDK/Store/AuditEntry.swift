public import Foundation

/// What a mutation tells the audit log: who changed what, how, and why.
public struct AuditEntry: Sendable, Hashable {
    /// Who made the change (user, role or service identity); required.
    public var actor: String
    /// The method that made it, e.g. `settle.accounts.v1.Accounts/CloseAccount`; required.
    public var method: String
    /// What changed, e.g. `account/1001`; required.
    public var entity: String
    /// The entity before the change, usually JSON; empty for a creation.
    public var before: String
    /// The entity after the change, usually JSON; empty for a removal.
    public var after: String
    /// Why, in the actor's words; may be empty.
    public var reason: String
    /// When the change was made; recorded as UTC ISO-8601 with milliseconds.
    public var at: Date

    /// Describes one change for ``AuditLog/append(_:in:)``.
    public init(
        actor: String,
        method: String,
        entity: String,
        before: String = "",
        after: String = "",
        reason: String = "",
        at: Date = Date()
    ) {
        self.actor = actor
        self.method = method
        self.entity = entity
        self.before = before
        self.after = after
        self.reason = reason
        self.at = at
    }
}
