import Foundation
import SettleContracts
import SettleDomain

/// The statement as one self-contained HTML document: the amount due first, then each
/// service's charges with their lines, a 13-month usage chart per unit, programs, messages.
enum StatementHTML {
    static func document(_ s: Settle_Reporting_V1_Statement, period: YearMonth) -> String {
        var html = HTMLText.head(title: "Statement \(s.accountNumber) \(s.period)")
        html += "<h1>Statement for \(HTMLText.escape(s.customerName))</h1>"
        html += "<p>Account \(HTMLText.escape(s.accountNumber)) · \(HTMLText.escape(s.mailingAddress)) · statement date \(HTMLText.escape(s.statementDate))</p>"
        html += "<div class=\"scroll\"><table class=\"due\"><tbody>"
        let rows: [(String, Int64)] = [("Previous balance", s.previousBalanceCents), ("Payments", s.paymentsCents),
                                       ("Other charges and credits", s.adjustmentsCents), ("New charges", s.newChargesCents)]
        for (label, cents) in rows { html += "<tr><td>\(label)</td><td class=\"n\">\(HTMLText.dollars(cents))</td></tr>" }
        html += "<tr class=\"bill\"><td>Total due by \(HTMLText.escape(s.dueDate))</td><td class=\"n\">\(HTMLText.dollars(s.totalDueCents))</td></tr></tbody></table></div>"
        for service in s.services {
            html += "<h2>\(HTMLText.escape(service.serviceType.replacingOccurrences(of: "_", with: " ").capitalized)) — \(HTMLText.escape(service.periodStart)) to \(HTMLText.escape(service.periodEnd)), \(HTMLText.escape(service.usage))\(service.estimated ? " (estimated)" : "")</h2>"
            html += "<div class=\"scroll\"><table><tbody>"
            for line in service.lines {
                html += "<tr><td>\(HTMLText.escape(line.description_p))</td><td>\(HTMLText.escape(line.quantity.isEmpty ? "" : "\(line.quantity) \(line.unit)"))</td><td class=\"n\">\(HTMLText.dollars(line.amountCents))</td></tr>"
            }
            html += "<tr class=\"bill\"><td>\(HTMLText.escape(service.billID))\(service.status == "held" ? " (under review)" : "")</td><td></td><td class=\"n\">\(HTMLText.dollars(service.amountCents))</td></tr></tbody></table></div>"
        }
        for unit in ["kWh", "gallons"] where s.usage.contains(where: { $0.unit == unit }) {
            html += "<h2>Your \(unit) over 13 months</h2><div class=\"chart-box\">" + UsageChart.series(unit: unit, usage: s.usage, endingAt: period, months: 13) + "</div>"
        }
        if !s.programs.isEmpty { html += "<h2>Programs</h2><ul>" + s.programs.map { "<li>\(HTMLText.escape($0.description_p))</li>" }.joined() + "</ul>" }
        if !s.messages.isEmpty { html += "<h2>Messages</h2><ul>" + s.messages.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>" }
        return html + HTMLText.tail
    }
}
