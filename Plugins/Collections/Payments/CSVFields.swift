/// Splits one CSV line into fields: commas separate, double quotes enclose a field that
/// holds commas (`"1,234.56"`), and a doubled quote inside one is a literal quote.
enum CSVFields {
    static func split(_ line: Substring) -> [Substring] {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false) }
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
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
