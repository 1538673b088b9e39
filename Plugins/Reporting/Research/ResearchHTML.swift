import SettleContracts
import SettleDomain

/// The research summary as one self-contained HTML document: inline CSS, the usage charts as
/// inline SVG, no script and no network reference; tables scroll sideways on a phone and
/// wrap when printed.
enum ResearchHTML {
    static func document(_ r: Settle_Reporting_V1_AccountResearch, endingAt last: YearMonth) -> String {
        var html = HTMLText.head(title: "Account \(r.accountNumber) research")
        html += "<h1>Account \(HTMLText.escape(r.accountNumber)) — \(HTMLText.escape(r.customerName))</h1>"
        html += "<p>\(HTMLText.escape(r.fromDate)) to \(HTMLText.escape(r.toDate)) · balance \(HTMLText.dollars(r.balanceCents)) · past due \(HTMLText.dollars(r.pastDueCents))</p>"
        if !r.alerts.isEmpty {
            html += "<ul class=\"alerts\">" + r.alerts.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
        }
        for unit in ["kWh", "gallons"] where r.usage.contains(where: { $0.unit == unit }) {
            html += "<h2>Usage, \(unit) by month</h2><div class=\"chart-box\">" + UsageChart.svg(unit: unit, usage: r.usage, endingAt: last) + "</div>"
        }
        html += "<h2>Everything that happened, oldest first</h2><div class=\"scroll\"><table><thead><tr>"
        html += ["DATE", "KIND", "SOURCE", "REFERENCE", "DESCRIPTION", "QUANTITY", "STATUS"].map { "<th>\($0)</th>" }.joined() + "<th class=\"n\">AMOUNT</th></tr></thead><tbody>"
        for event in r.events {
            html += "<tr class=\"\(event.kind)\">" + [event.date, event.kind, event.source, event.reference, event.description_p, event.quantity, event.status]
                .map { "<td>\(HTMLText.escape($0))</td>" }.joined()
            html += "<td class=\"n\">\(event.amountCents == 0 ? "" : HTMLText.dollars(event.amountCents))</td></tr>"
        }
        return html + "</tbody></table></div>" + HTMLText.tail
    }
}

/// HTML text helpers shared by Reporting's documents.
enum HTMLText {
    static func escape(_ text: String) -> String { HTMLEscaping.escaped(text) }

    /// Cents as dollars, exact: -$1,234.56.
    static func dollars(_ cents: Int64) -> String { Dollars.signed(cents) }

    static func head(title: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(escape(title))</title><style>"
            + "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:1rem;color:#111;line-height:1.35;max-width:70rem}"
            + "h1{font-size:1.3rem;margin:0 0 .4rem}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}"
            + ".chart-box svg{width:100%;max-width:40rem;height:auto}.alerts{color:#a00}"
            + ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.82rem;width:100%}"
            + "th,td{border-bottom:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}"
            + "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.bill td{font-weight:600}"
            + "@media print{body{margin:0;max-width:none}.scroll{overflow:visible}tr{break-inside:avoid}}"
            + "</style></head><body>"
    }

    static let tail = "</body></html>"
}
