import Foundation
import SettleContracts

/// Plain self-contained HTML (inline CSS, no script) for the demo's report files whose
/// documents the host does not render itself: the register's summary, the anomaly scan, revenue.
enum DemoReportHTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func document(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title><style>body{font-family:system-ui,sans-serif;margin:1rem;color:#111}h1{font-size:1.3rem}
        .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem}th,td{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}@media print{.scroll{overflow:visible}}</style></head><body>
        <h1>\(escape(title))</h1>\(body)</body></html>
        """
    }

    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        "<div class=\"scroll\"><table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { row in "<tr>" + row.enumerated().map { (numeric.contains($0.offset) ? "<td class=\"n\">" : "<td>") + escape($0.element) + "</td>" }.joined() + "</tr>" }.joined()
            + "</tbody></table></div>"
    }

    static func register(_ s: Settle_Reporting_V1_RegisterSummary) -> String {
        let counts = table(["agreements", "billed", "held", "skipped", "cancelled", "not billed", "accounts"],
                           [["\(s.agreements)", "\(s.billed)", "\(s.held)", "\(s.skipped)", "\(s.cancelled)", "\(s.notBilled)", "\(s.accounts)"]], numeric: Set(0..<7))
        let components = table(["component", "lines", "amount"], s.components.map { [$0.component, "\($0.lines)", DemoFormat.dollars(cents: $0.amountCents)] }, numeric: [1, 2])
        let tie = "<p>register \(DemoFormat.dollars(cents: s.registerCents)) (tax \(DemoFormat.dollars(cents: s.registerTaxCents))), ledger \(DemoFormat.dollars(cents: s.ledgerCents)) (tax \(DemoFormat.dollars(cents: s.ledgerTaxCents))): <b>\(s.tiesToLedger ? "ties" : "does not tie")</b></p>"
        let differences = table(["bill", "account", "status", "expected", "ledger", "explanation"], s.differences.prefix(500).map {
            [$0.billID, $0.accountNumber, $0.status, DemoFormat.dollars(cents: $0.expectedCents), DemoFormat.dollars(cents: $0.ledgerCents), $0.explanation]
        }, numeric: [3, 4])
        return document("Billing register \(s.period), every cycle", counts + components + tie + differences)
    }

    static func anomalies(_ s: Settle_Reporting_V1_AnomaliesSummary, findings: [Settle_Reporting_V1_Anomaly]) -> String {
        let counts = table(["rule", "findings", "what it checks"], s.counts.map { [$0.rule, "\($0.findings)", $0.description_p] }, numeric: [1])
        let rows = table(["rule", "entities", "detail", "suggested action"], findings.map { [$0.rule, $0.entities.joined(separator: "; "), $0.detail, $0.suggestedAction] })
        return document("Anomaly scan as of \(s.asOf) (bills of \(s.period)): \(s.findings) findings", counts + "<h2>Findings</h2>" + rows)
    }

    static func revenue(_ report: Settle_Reporting_V1_RevenueReport) -> String {
        document("Revenue and consumption, \(report.period)", table(
            ["month", "class", "service", "component", "amount", "month before", "a year before", "bills", "use", "unit"],
            report.rows.map { [$0.month, $0.rateClass, $0.serviceType, $0.component, DemoFormat.dollars(cents: $0.amountCents), DemoFormat.dollars(cents: $0.previousMonthCents),
                               DemoFormat.dollars(cents: $0.lastYearCents), $0.component == "total" ? "\($0.bills)" : "", $0.component == "total" ? "\($0.usage)" : "", $0.unit] },
            numeric: [4, 5, 6, 7, 8]))
    }
}
