import SettleContracts
import SettleDomain

/// The usage chart Settle draws as SVG: for each of the twelve months ending at the
/// report's last month, this year's bar beside last year's (same month, a year earlier);
/// estimated months hatched and marked "E". No script, no external reference.
enum UsageChart {
    /// Every bar drawn carries `class="bar …"`, so a test (or a reader) can count them.
    static func svg(unit: String, usage: [Settle_Reporting_V1_UsageMonth], endingAt last: YearMonth) -> String {
        let byMonth = Dictionary(usage.filter { $0.unit == unit }.map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        let months = (0..<12).reversed().map { last.adding(months: -$0) }
        let pairs = months.map { (this: byMonth[$0.description], last: byMonth[$0.adding(months: -12).description]) }
        let top = max(1, pairs.map { max($0.this?.quantity ?? 0, $0.last?.quantity ?? 0) }.max() ?? 1)
        let width = 640, height = 240, left = 56, bottom = 200, plot = 180, slot = (width - left - 8) / 12
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(unit) by month, this year against last\" class=\"chart\">"
        svg += "<defs><pattern id=\"est-\(unit)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"#2a6fb0\"/></pattern></defs>"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 8)\" y2=\"\(bottom)\" stroke=\"#444\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(bottom - plot + 4)\" font-size=\"10\" text-anchor=\"end\">\(top)</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(bottom + 4)\" font-size=\"10\" text-anchor=\"end\">0</text>"
        svg += "<text x=\"4\" y=\"12\" font-size=\"11\">\(unit)</text>"
        for (index, pair) in pairs.enumerated() {
            let x = left + index * slot
            let barWidth = (slot - 6) / 2
            if let previous = pair.last {
                svg += bar(previous, x: x + 2, width: barWidth, top: top, bottom: bottom, plot: plot, year: "last", unit: unit)
            }
            if let current = pair.this {
                svg += bar(current, x: x + 2 + barWidth + 2, width: barWidth, top: top, bottom: bottom, plot: plot, year: "this", unit: unit)
            }
            svg += "<text x=\"\(x + slot / 2)\" y=\"\(bottom + 14)\" font-size=\"10\" text-anchor=\"middle\">\(months[index].shortName)</text>"
        }
        svg += "<rect x=\"\(left)\" y=\"\(height - 16)\" width=\"10\" height=\"10\" fill=\"#bbb\"/><text x=\"\(left + 14)\" y=\"\(height - 7)\" font-size=\"10\">last year</text>"
        svg += "<rect x=\"\(left + 80)\" y=\"\(height - 16)\" width=\"10\" height=\"10\" fill=\"#2a6fb0\"/><text x=\"\(left + 94)\" y=\"\(height - 7)\" font-size=\"10\">this year</text>"
        svg += "<rect x=\"\(left + 160)\" y=\"\(height - 16)\" width=\"10\" height=\"10\" fill=\"url(#est-\(unit))\" stroke=\"#2a6fb0\"/><text x=\"\(left + 174)\" y=\"\(height - 7)\" font-size=\"10\">estimated (E)</text>"
        return svg + "</svg>"
    }

    private static func bar(_ month: Settle_Reporting_V1_UsageMonth, x: Int, width: Int, top: Int64, bottom: Int, plot: Int, year: String, unit: String) -> String {
        let h = Int(Int64(plot) * max(0, month.quantity) / top)
        let fill = month.estimated ? "url(#est-\(unit))" : (year == "this" ? "#2a6fb0" : "#bbb")
        var out = "<rect class=\"bar \(year)\(month.estimated ? " est" : "")\" x=\"\(x)\" y=\"\(bottom - h)\" width=\"\(width)\" height=\"\(h)\" fill=\"\(fill)\""
        out += month.estimated ? " stroke=\"#2a6fb0\">" : ">"
        out += "<title>\(month.month): \(month.quantity) \(unit)\(month.estimated ? ", estimated" : "")</title></rect>"
        if month.estimated { out += "<text x=\"\(x + width / 2)\" y=\"\(bottom - h - 3)\" font-size=\"9\" text-anchor=\"middle\">E</text>" }
        return out
    }
}

extension UsageChart {
    /// A plain series: one bar per month that has use, over `months` months ending at
    /// `last` (a statement's 13 months), estimated months hatched and marked "E".
    static func series(unit: String, usage: [Settle_Reporting_V1_UsageMonth], endingAt last: YearMonth, months count: Int) -> String {
        let byMonth = Dictionary(usage.filter { $0.unit == unit }.map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        let months = (0..<count).reversed().map { last.adding(months: -$0) }
        let top = max(1, months.compactMap { byMonth[$0.description]?.quantity }.max() ?? 1)
        let width = 640, height = 230, left = 56, bottom = 200, plot = 180, slot = (width - left - 8) / count
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(unit) by month\" class=\"chart\">"
        svg += "<defs><pattern id=\"est-\(unit)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"#2a6fb0\"/></pattern></defs>"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - 8)\" y2=\"\(bottom)\" stroke=\"#444\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(bottom - plot + 4)\" font-size=\"10\" text-anchor=\"end\">\(top)</text><text x=\"4\" y=\"12\" font-size=\"11\">\(unit)</text>"
        for (index, month) in months.enumerated() {
            let x = left + index * slot
            if let use = byMonth[month.description] {
                let h = Int(Int64(plot) * max(0, use.quantity) / top)
                svg += "<rect class=\"bar month\(use.estimated ? " est" : "")\" x=\"\(x + 3)\" y=\"\(bottom - h)\" width=\"\(slot - 6)\" height=\"\(h)\" fill=\"\(use.estimated ? "url(#est-\(unit))" : "#2a6fb0")\"\(use.estimated ? " stroke=\"#2a6fb0\"" : "")>"
                svg += "<title>\(use.month): \(use.quantity) \(unit)\(use.estimated ? ", estimated" : "")</title></rect>"
                if use.estimated { svg += "<text x=\"\(x + slot / 2)\" y=\"\(bottom - h - 3)\" font-size=\"9\" text-anchor=\"middle\">E</text>" }
            }
            svg += "<text x=\"\(x + slot / 2)\" y=\"\(bottom + 14)\" font-size=\"9\" text-anchor=\"middle\">\(month.shortName)</text>"
        }
        return svg + "</svg>"
    }
}
