public import SettleRPC

/// Reading date fields of a request that people type: the error names the field and the
/// value, and a year outside ``LocalDate/plausibleYears`` is refused.
///
/// This is the one reading of a request's date, whichever module asks (``ContractErrors``'s
/// `date` comes here too), so every contract answers in the same words: the shapes of
/// ``ContractErrors/required(_:)`` and ``ContractErrors/invalid(_:_:)``, with the form wanted.
extension LocalDate {
    /// Parses a required date field, or throws INVALID_ARGUMENT naming the field and the value:
    /// `as_of is required (a date YYYY-MM-DD)`, `as_of: '2025-02-30' is not a date YYYY-MM-DD
    /// between 1900 and 2199`.
    public static func parse(_ text: String, field: String) throws(RPCError) -> LocalDate {
        if text.isEmpty { throw RPCError(.invalidArgument, "\(field) is required (a date YYYY-MM-DD)") }
        guard let date = LocalDate(plausible: text) else {
            throw RPCError(.invalidArgument, "\(field): '\(text)' is not a date YYYY-MM-DD between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound)")
        }
        return date
    }

    /// Parses an optional date field: empty means none.
    public static func parseOptional(_ text: String, field: String) throws(RPCError) -> LocalDate? {
        text.isEmpty ? nil : try parse(text, field: field)
    }

    /// Parses an optional date field: empty means `fallback`.
    public static func parse(_ text: String, field: String, default fallback: LocalDate) throws(RPCError) -> LocalDate {
        text.isEmpty ? fallback : try parse(text, field: field)
    }

    /// Parses a pair of fields that bound a range of days (both inclusive): both or neither
    /// given, the second not before the first; nil when neither is.
    public static func parseRange(
        from fromText: String, fromField: String, to toText: String, toField: String
    ) throws(RPCError) -> ClosedRange<LocalDate>? {
        switch (try parseOptional(fromText, field: fromField), try parseOptional(toText, field: toField)) {
        case let (from?, to?):
            guard from <= to else { throw RPCError(.invalidArgument, "\(toField) \(to) is before \(fromField) \(from)") }
            return from...to
        case (nil, nil):
            return nil
        default:
            throw RPCError(.invalidArgument, "\(fromField) and \(toField) go together: give both or neither")
        }
    }
}
