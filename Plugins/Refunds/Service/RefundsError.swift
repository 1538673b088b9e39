import SettleDomain
import SettleRPC

/// The errors Refunds answers with: each names the field or record that was wrong.
enum RefundsError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    static func notFound(_ message: String) -> RPCError { RPCError(.notFound, message) }

    static func failedPrecondition(_ message: String) -> RPCError { RPCError(.failedPrecondition, message) }

    static func denied(_ message: String) -> RPCError { RPCError(.permissionDenied, message) }

    /// A date field, or `fallback` when it is empty.
    static func date(_ text: String, field: String, default fallback: LocalDate? = nil) throws -> LocalDate {
        if text.isEmpty, let fallback { return fallback }
        guard let date = LocalDate(text) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }
}
