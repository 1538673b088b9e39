import SettleContracts
import SettleDomain
import SettleRPC

/// The errors Metering answers with: each names what was wrong and, where it helps, what to do.
enum MeteringError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    static func notFound(_ message: String) -> RPCError {
        RPCError(.notFound, message)
    }

    static func meterNotFound(_ serial: String) -> RPCError {
        RPCError(.notFound, "no meter with serial '\(serial)'")
    }

    static func precondition(_ message: String) -> RPCError {
        RPCError(.failedPrecondition, message)
    }

    /// Parses a required "YYYY-MM-DD" field.
    static func date(_ text: String, field: String) throws -> LocalDate {
        guard let date = LocalDate(text) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }

    /// Parses an optional "YYYY-MM-DD" field (empty → nil).
    static func optionalDate(_ text: String, field: String) throws -> LocalDate? {
        text.isEmpty ? nil : try date(text, field: field)
    }

    static func period(_ text: String, field: String = "period") throws -> BillingMonth {
        guard let month = BillingMonth(text) else {
            throw invalid(field, text.isEmpty ? "a period YYYY-MM is required" : "'\(text)' is not a period YYYY-MM")
        }
        return month
    }

    static func serviceType(_ text: String, field: String = "service_type") throws -> ServiceType {
        guard let type = ServiceType(rawValue: text) else {
            throw invalid(field, "'\(text)' is not one of \(ServiceType.spelled)")
        }
        return type
    }

    static func cycle(_ value: UInt32) throws -> Int {
        guard (1...20).contains(value) else { throw invalid("cycle", "\(value) is not a bill cycle 1–20") }
        return Int(value)
    }
}
