import SettleDomain
import SettleRPC

/// The errors Rating answers with: each names what was wrong.
enum RatingError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    static func notFound(_ message: String) -> RPCError {
        RPCError(.notFound, message)
    }

    static func failedPrecondition(_ message: String) -> RPCError {
        RPCError(.failedPrecondition, message)
    }

    static func unknownTariff(_ code: String) -> RPCError {
        RPCError(.notFound, "no tariff with code '\(code)'")
    }

    static func date(_ text: String, field: String) throws(RPCError) -> LocalDate {
        guard let date = LocalDate(text) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }
}
