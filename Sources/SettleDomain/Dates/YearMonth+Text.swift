/// `YYYY-MM` text, the form every contract, store column and command line carries periods in.
extension YearMonth {
    /// Years a period's text may name: one before 1900 is a typing mistake (Metering refused
    /// it from the start), and a fifth digit does not fit the text.
    public static let years = 1900...9_999

    /// Parses `YYYY-MM` exactly (4 digits, a dash, a month 01–12, a year in ``years``); nil for
    /// anything else, including a missing zero, a sign, a day or a space, so stored text
    /// always round-trips.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes[0..<4]), let month = ASCIIDigits.value(bytes[5..<7]),
              YearMonth.years.contains(year)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// `YYYY-MM` (a year outside 0–9999, which only arithmetic reaches, unpadded).
    public var description: String {
        guard (0...9_999).contains(year) else { return "\(year)-\(month < 10 ? "0" : "")\(month)" }
        return String(ISODateText.format(year: year, month: month, day: 1).prefix(7))
    }
}
