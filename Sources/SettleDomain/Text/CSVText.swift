/// Fields of the CSV files Settle writes — the CLI's `--csv` reports and exports, the check
/// register a refund batch sends to the bank — quoted one way (RFC 4180), so a customer's name
/// with a comma or a memo with a line break opens in a spreadsheet as one cell.
public enum CSVText {
    /// `text` as it is, or quoted with its quotes doubled when it holds a comma, a quote or a
    /// line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        quoted.append("\"")
        return quoted
    }

    /// One record: each field quoted as needed, joined by commas (no line break).
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
