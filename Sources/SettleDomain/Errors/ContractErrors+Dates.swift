public import SettleRPC

/// Date and period fields of a request, refused with the field's name when they are not
/// `YYYY-MM-DD` or `YYYY-MM`.
extension ContractErrors {
    /// A required date field; `fallback`, when given, stands for an empty one.
    public static func date(_ text: String, field: String, default fallback: LocalDate? = nil) throws(RPCError) -> LocalDate {
        if text.isEmpty, let fallback { return fallback }
        guard let date = LocalDate(text) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return date
    }

    /// An optional date field: empty means none.
    public static func optionalDate(_ text: String, field: String) throws(RPCError) -> LocalDate? {
        text.isEmpty ? nil : try date(text, field: field)
    }

    /// A required period field `YYYY-MM` (a billing month), read as ``YearMonth`` reads it.
    public static func period(_ text: String, field: String = "period") throws(RPCError) -> YearMonth {
        guard let period = YearMonth(text) else {
            throw invalid(field, text.isEmpty ? "a period YYYY-MM is required" : "'\(text)' is not a period YYYY-MM")
        }
        return period
    }
}
