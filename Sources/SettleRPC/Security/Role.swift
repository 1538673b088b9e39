/// What a caller may do. Roles are ordered: each includes the ones below it.
///
/// viewer (read) < clerk (day-to-day mutations) < supervisor (approvals, audits) < admin (operations).
public enum Role: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case none = 0
    case viewer = 1
    case clerk = 2
    case supervisor = 3
    case admin = 4

    public init?(name: String) {
        switch name.lowercased() {
        case "none", "": self = .none
        case "viewer": self = .viewer
        case "clerk": self = .clerk
        case "supervisor": self = .supervisor
        case "admin": self = .admin
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .none: "none"
        case .viewer: "viewer"
        case .clerk: "clerk"
        case .supervisor: "supervisor"
        case .admin: "admin"
        }
    }

    public var description: String { name }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether a holder of this role may call a method that requires `required`.
    public func satisfies(_ required: Role) -> Bool { self >= required }
}
