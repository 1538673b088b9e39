import SettleRPC

/// The errors Reporting answers with: each names the field that was wrong.
enum ReportingError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    /// A period field "YYYY-MM".
    static func period(_ text: String, field: String = "period") throws(RPCError) -> ReportPeriod {
        guard let period = ReportPeriod(text) else {
            throw invalid(field, text.isEmpty ? "a period YYYY-MM is required" : "'\(text)' is not a period YYYY-MM")
        }
        return period
    }

    /// A date field "YYYY-MM-DD" (checked for shape and a real day of the month).
    static func date(_ text: String, field: String) throws(RPCError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= ReportPeriod.days(inMonth: month, year: year) else {
            throw invalid(field, text.isEmpty ? "a date YYYY-MM-DD is required" : "'\(text)' is not a date YYYY-MM-DD")
        }
        return text
    }
}
