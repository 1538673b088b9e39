/// Splits one CSV line into fields: commas separate, double quotes enclose a field that
/// holds commas (`"1,234.56"`), and a doubled quote inside one is a literal quote.
///
/// Lines and unquoted fields are cut on the UTF-8 bytes: a comma or line feed byte never
/// occurs inside another character's encoding, and a `\r\n` line end (one Swift Character)
/// must still end a line.
enum CSVFields {
    static func split(_ line: Substring) -> [Substring] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else {
            return line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
        }
        var fields: [Substring] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(Substring(field))
                field = ""
            } else { field.append(character) }
        }
        fields.append(Substring(field))
        return fields
    }

    /// The lines of a text, without their line ends (CRLF or LF); a final empty line is dropped.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            Substring(bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
