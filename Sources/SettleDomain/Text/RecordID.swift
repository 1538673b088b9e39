/// The ids a specialist reads and types for a module's records: a capital letter and at least
/// six digits (`E000001` an enrolment, `R000042` a refund, `D000003` a batch, `C000001` a
/// customer), written and read back one way in every module.
///
/// Reading accepts only the letter followed by ASCII digits, so `E+00001` or `E 1` is no id
/// (Swift's `Int64(_:)` alone would take a sign).
public struct RecordID: Sendable {
    public let letter: Character
    /// How an error names the id, article first ("an enrolment id").
    public let name: String

    public init(_ letter: Character, name: String = "a record id") {
        self.letter = letter
        self.name = name
    }

    /// "E000001" for row 1; rows past 999,999 take more digits.
    public func text(_ row: Int64) -> String {
        let digits = String(row)
        return String(letter) + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The row of `text`, or nil when `text` is not this letter and 1 to 18 digits naming a
    /// row above zero.
    public func row(_ text: some StringProtocol) -> Int64? {
        guard text.first == letter else { return nil }
        let digits = text.dropFirst()
        guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let row = Int64(digits), row > 0 else { return nil }
        return row
    }
}
