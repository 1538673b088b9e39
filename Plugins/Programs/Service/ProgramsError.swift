import SettleDomain
import SettleRPC

/// The errors Programs answers with: each names what was wrong.
enum ProgramsError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    static func notFound(_ message: String) -> RPCError {
        RPCError(.notFound, message)
    }

    static func failedPrecondition(_ message: String) -> RPCError {
        RPCError(.failedPrecondition, message)
    }

    /// A refused enrolment: every reason, each prefixed by its kind.
    static func refused(_ reasons: [EnrolmentRefusal]) -> RPCError {
        RPCError(.failedPrecondition, "enrolment refused: " + reasons.map(\.description).joined(separator: "; "))
    }

    /// A date field, or `fallback` when it is empty.
    static func date(_ text: String, field: String, default fallback: LocalDate? = nil) throws -> LocalDate {
        if text.isEmpty, let fallback { return fallback }
        guard let date = LocalDate(text) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }
}

/// One reason a program refuses an enrolment.
struct EnrolmentRefusal: Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// The meters cannot give what the program needs (interval data, TOU registers).
        case capability
        /// The agreement or group does not qualify (wrong service, another account, ended).
        case eligibility
        /// The utility's rules (already enrolled, minimum stay).
        case policy
    }

    let kind: Kind
    let message: String

    var description: String { "\(kind.rawValue): \(message)" }
}
