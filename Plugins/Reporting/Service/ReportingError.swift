import SettleDomain
import SettleRPC

/// The errors Reporting answers with: each names the field that was wrong (periods are the
/// kit's `ContractErrors.period`).
enum ReportingError: ContractErrors {
    /// A date field "YYYY-MM-DD" (checked for shape and a real day of the month).
    static func date(_ text: String, field: String) throws(RPCError) -> String {
        guard LocalDate(text) != nil else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return text
    }
}
