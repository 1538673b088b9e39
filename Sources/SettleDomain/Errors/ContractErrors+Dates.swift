public import SettleRPC

/// Date and period fields of a request, refused with the field's name when they are not
/// `YYYY-MM-DD` or `YYYY-MM`, in the words every contract uses.
extension ContractErrors {
    /// A required date field; `fallback`, when given, stands for an empty one. It reads as
    /// ``LocalDate/parse(_:field:)`` does, the one reading of a request's date.
    public static func date(_ text: String, field: String, default fallback: LocalDate? = nil) throws(RPCError) -> LocalDate {
        if text.isEmpty, let fallback { return fallback }
        return try LocalDate.parse(text, field: field)
    }

    /// An optional date field: empty means none.
    public static func optionalDate(_ text: String, field: String) throws(RPCError) -> LocalDate? {
        text.isEmpty ? nil : try date(text, field: field)
    }

    /// A required period field `YYYY-MM` (a billing month), read as ``YearMonth`` reads it.
    public static func period(_ text: String, field: String = "period") throws(RPCError) -> YearMonth {
        guard let period = YearMonth(text) else {
            if text.isEmpty { throw RPCError(.invalidArgument, "\(field) is required (a period YYYY-MM)") }
            throw invalid(field, "'\(text)' is not a period YYYY-MM")
        }
        return period
    }
}
