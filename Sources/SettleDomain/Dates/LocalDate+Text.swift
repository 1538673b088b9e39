/// `YYYY-MM-DD` text, the form every contract, CSV file and store column carries dates in.
extension LocalDate {
    /// Years a utility's records plausibly hold; a date outside them is a typing mistake, and
    /// the modules that take dates from people (accounts, collections) refuse it.
    public static let plausibleYears = 1900...2199

    /// Parses `YYYY-MM-DD` exactly (4-2-2 digits, a real day of a real month); nil for anything
    /// else, including a missing zero or trailing space, so stored text always round-trips.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes[0..<4]), let month = ASCIIDigits.value(bytes[5..<7]),
              let day = ASCIIDigits.value(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` as ``init(_:)`` does, and also refuses a year outside ``plausibleYears``.
    public init?(plausible text: some StringProtocol) {
        guard let date = LocalDate(text), LocalDate.plausibleYears.contains(date.components.year) else { return nil }
        self = date
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return ISODateText.format(year: y, month: m, day: d)
    }
}
