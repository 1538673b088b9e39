import Foundation
import SettleDomain

/// Prints a report's rows in the format asked, for reports whose rows are few enough to
/// arrive in one answer (or a page at a time): a table, CSV with cents, or an HTML table.
/// JSON is the report's own protobuf-JSON, printed by the command.
struct ReportRows {
    enum Mode { case table, csv, html }
    let mode: Mode
    let title: String
    /// Table (and HTML) headers, and the CSV header: the same columns.
    let headers: [String]
    let csvHeader: [String]
    /// Which columns are numbers (right-aligned in HTML).
    var numeric: Set<Int> = []

    func begin() {
        switch mode {
        case .table: print(title)
        case .csv: print(CSVText.line(csvHeader))
        case .html:
            print(ReportingFormat.htmlHead(title: title) + "<h1>\(ReportingFormat.html(title))</h1><div class=\"scroll\"><table><thead><tr>"
                  + headers.enumerated().map { numeric.contains($0.offset) ? "<th class=\"n\">\($0.element)</th>" : "<th>\($0.element)</th>" }.joined()
                  + "</tr></thead><tbody>")
        }
    }

    /// One row: `shown` is what a person reads (dollars, percentages), `csv` the exact values.
    func row(shown: [String], csv: [String], table: inout [[String]]) {
        switch mode {
        case .table: table.append(shown)
        case .csv: print(CSVText.line(csv))
        case .html:
            print("<tr>" + shown.enumerated().map { (numeric.contains($0.offset) ? "<td class=\"n\">" : "<td>") + ReportingFormat.html($0.element) + "</td>" }.joined() + "</tr>")
        }
    }

    /// The rows gathered for a table, then the closing lines (on stderr for CSV).
    func end(table: [[String]], lines: [String]) {
        switch mode {
        case .table:
            Output.table(headers, table)
            if !lines.isEmpty { print("") }
            lines.forEach { print($0) }
        case .csv:
            if !lines.isEmpty { FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
        case .html:
            print("</tbody></table></div><ul>" + lines.map { "<li>\(ReportingFormat.html($0))</li>" }.joined() + "</ul>" + ReportingFormat.htmlTail)
        }
    }

    /// A change from `before` to `now` in percent, one decimal ("" when there was nothing before).
    static func change(_ now: Int64, from before: Int64) -> String {
        guard before != 0 else { return "" }
        let tenths = (Double(now - before) / Double(abs(before)) * 1000).rounded()
        return (tenths >= 0 ? "+" : "") + String(format: "%.1f%%", tenths / 10)
    }
}
