import SettleDomain
import SettleRPC

/// The errors Programs answers with: each names what was wrong.
enum ProgramsError: ContractErrors {
    /// A refused enrolment: every reason, each prefixed by its kind.
    static func refused(_ reasons: [EnrolmentRefusal]) -> RPCError {
        RPCError(.failedPrecondition, "enrolment refused: " + reasons.map(\.description).joined(separator: "; "))
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
