import SettleDomain
import SettleRPC

/// The errors Accounts answers with: the kit's shapes (`required`, `notFound`,
/// `failedPrecondition`, `alreadyExists`) and Accounts' own sentences.
///
/// Accounts' INVALID_ARGUMENT messages read as one sentence that starts with the field it
/// names and usually quotes the value ("contact.email 'ada-at-example' is not an email
/// address …"), which the CLI and the conversion reports print as they are; those sentences
/// are written here once rather than as a bare `RPCError` at each check.
enum AccountsError: ContractErrors {
    /// INVALID_ARGUMENT with a sentence that begins with the field it names.
    static func invalidArgument(_ sentence: String) -> RPCError {
        RPCError(.invalidArgument, sentence)
    }

    /// INVALID_ARGUMENT for a value that is there but wrong: `field 'value' problem`.
    static func rejected(_ field: String, _ value: String, _ problem: String) -> RPCError {
        RPCError(.invalidArgument, "\(field) '\(value)' \(problem)")
    }

    /// INVALID_ARGUMENT for an empty field, with what a good value looks like:
    /// `field is required (hint)`.
    static func required(_ field: String, hint: String) -> RPCError {
        RPCError(.invalidArgument, "\(field) is required (\(hint))")
    }

    /// INVALID_ARGUMENT for a day that comes before the one it must follow:
    /// `field day is before what`.
    static func before(_ field: String, _ day: some CustomStringConvertible, _ what: String) -> RPCError {
        RPCError(.invalidArgument, "\(field) \(day) is before \(what)")
    }
}
