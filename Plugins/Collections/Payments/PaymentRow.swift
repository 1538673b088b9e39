import SettleDomain

/// One row of a payment file, validated: `account,amount,date,reference`.
///
/// The documented format (docs in `Plugins/Collections/README.md`): UTF-8 CSV, one payment a
/// line; amount in dollars with up to two decimals ("125.00", "1,234.56" quoted, "$12.5");
/// date `YYYY-MM-DD`; reference unique per payment (the bank's or processor's id). A first
/// line starting with `account` is a header. Blank lines are skipped.
struct PaymentRow: Sendable {
    var line: UInt32
    var account: String
    var cents: Int64
    var day: Int
    var reference: String

    /// Parses one line, or says why it is rejected.
    static func parse(_ text: Substring, line: UInt32) -> Result<PaymentRow, RowRejection> {
        let fields = CSVFields.split(text)
        guard fields.count == 4 else {
            return .failure(RowRejection(line: line, reason: "expected 4 fields (account,amount,date,reference), found \(fields.count)", text: text))
        }
        let account = fields[0].trimmingSpaces
        guard !account.isEmpty else { return .failure(RowRejection(line: line, reason: "account is empty", text: text)) }
        guard let cents = Dollars.cents(fields[1]) else {
            return .failure(RowRejection(line: line, reason: "bad amount '\(fields[1])': expected dollars like 125.00", text: text))
        }
        guard cents > 0 else { return .failure(RowRejection(line: line, reason: "bad amount '\(fields[1])': must be more than 0", text: text)) }
        guard cents <= Money.maximumCents else {
            return .failure(RowRejection(line: line, reason: "bad amount '\(fields[1])': more than \(Dollars.plain(Money.maximumCents))", text: text))
        }
        guard let date = LocalDate(plausible: fields[2].trimmingSpaces) else {
            return .failure(RowRejection(line: line, reason: "bad date '\(fields[2])': expected YYYY-MM-DD", text: text))
        }
        let reference = fields[3].trimmingSpaces
        guard !reference.isEmpty else { return .failure(RowRejection(line: line, reason: "reference is empty", text: text)) }
        return .success(PaymentRow(line: line, account: account, cents: cents, day: date.dayNumber, reference: reference))
    }
}

/// A rejected row: its file line number, why, and the line itself.
struct RowRejection: Error, Sendable {
    var line: UInt32
    var reason: String
    var text: String

    init(line: UInt32, reason: String, text: Substring) {
        self.line = line
        self.reason = reason
        self.text = String(text.prefix(200))
    }
}

extension Substring {
    var trimmingSpaces: String {
        var slice = self[...]
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
