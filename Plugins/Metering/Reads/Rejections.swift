/// The rows an import rejected: every one counted, the first 1,000 kept with their reasons.
struct Rejections: Sendable {
    static let kept = 1_000

    struct Row: Sendable, Equatable {
        let line: UInt32
        let reason: String
    }

    private(set) var count = 0
    private(set) var rows: [Row] = []

    /// Records a rejection; `rows` > 1 when one reason covers several values (an interval run).
    mutating func add(line: UInt32, _ reason: String, rows: Int = 1) {
        count += rows
        if self.rows.count < Self.kept { self.rows.append(Row(line: line, reason: reason)) }
    }

    mutating func merge(_ other: Rejections) {
        for row in other.rows { add(line: row.line, row.reason) }
        count += other.count - other.rows.count
    }

    var isEmpty: Bool { count == 0 }

    var sorted: [Row] { rows.sorted { $0.line < $1.line } }
}
