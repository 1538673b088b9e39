/// How a table cell shows what may be missing, the same in every command's table.
enum Cell {
    /// `-` for an empty text, so a blank column still reads as "none" and columns stay aligned.
    static func dash(_ text: String) -> String { text.isEmpty ? "-" : text }

    /// A date range `2025-01-01 – 2025-12-31`, open-ended as `2025-01-01 –`.
    static func period(_ start: String, _ end: String) -> String {
        end.isEmpty ? "\(start) –" : "\(start) – \(end)"
    }
}
