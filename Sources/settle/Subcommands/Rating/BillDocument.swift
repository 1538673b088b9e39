import Foundation
import SettleContracts
import SettleDomain

/// A bill laid out as the customer reads it.
enum BillDocument {
    static func text(_ bill: Settle_Rating_V1_Bill) -> String {
        var out: [String] = []
        out.append("SETTLE UTILITY BILL \(bill.id)\(bill.status == "issued" ? "" : "  [\(bill.status.uppercased())]")")
        out.append("Account \(bill.accountNumber)   Premise \(bill.premiseID)   \(bill.serviceType), \(bill.rateClass), tariff \(bill.tariffCode)")
        out.append("Service \(bill.input.periodStart) to \(bill.input.periodEnd) (\(bill.rated.days) days)   Bill date \(bill.billDate)   Due \(bill.dueDate)")
        if !bill.reads.isEmpty {
            out.append("")
            out.append("Meter reads")
            for read in bill.reads {
                out.append("  \(read.meterSerial)  \(read.fromDate) \(read.startRead) (\(read.startKind))  →  \(read.toDate) \(read.endRead) (\(read.endKind))   usage \(read.usage)")
            }
        }
        out.append("")
        out.append("Charges")
        for line in bill.rated.lines {
            let detail = "\(line.quantity) \(line.unit) × \(line.rate)"
            out.append("  " + line.description_p.padding(toLength: 40, withPad: " ", startingAt: 0) + detail.padding(toLength: 30, withPad: " ", startingAt: 0) + pad(Dollars.plain(line.amountCents), 12))
        }
        out.append("  " + "Taxes and fees".padding(toLength: 70, withPad: " ", startingAt: 0) + pad(Dollars.plain(bill.rated.taxCents), 12))
        out.append("  " + "TOTAL DUE".padding(toLength: 70, withPad: " ", startingAt: 0) + pad(Dollars.plain(bill.rated.totalCents), 12))
        for note in bill.rated.notes { out.append("  note: \(note)") }
        for reason in bill.holdReasons { out.append("  held: \(reason)") }
        if !bill.cancelReason.isEmpty { out.append("  cancelled: \(bill.cancelReason)") }
        return out.joined(separator: "\n")
    }

    static func html(_ bill: Settle_Rating_V1_Bill) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var rows = bill.rated.lines.map { line in
            "<tr><td>\(escape(line.description_p))</td><td>\(escape(line.quantity)) \(escape(line.unit))</td><td>\(escape(line.rate))</td><td class=\"amount\">\(Dollars.plain(line.amountCents))</td></tr>"
        }
        rows.append("<tr class=\"total\"><td colspan=\"3\">Total due by \(escape(bill.dueDate))</td><td class=\"amount\">\(Dollars.plain(bill.rated.totalCents))</td></tr>")
        let reads = bill.reads.map { read in
            "<tr><td>\(escape(read.meterSerial))</td><td>\(escape(read.fromDate)) \(read.startRead)</td><td>\(escape(read.toDate)) \(read.endRead)</td><td>\(escape(read.usage))</td></tr>"
        }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Bill \(escape(bill.id))</title>
            <style>body{font-family:sans-serif;max-width:48em;margin:2em auto}table{width:100%;border-collapse:collapse}td,th{padding:.3em;border-bottom:1px solid #ddd;text-align:left}.amount{text-align:right}.total{font-weight:bold}</style>
            </head><body>
            <h1>Bill \(escape(bill.id))</h1>
            <p>Account \(escape(bill.accountNumber)) · Premise \(escape(bill.premiseID)) · \(escape(bill.serviceType)), \(escape(bill.rateClass)), tariff \(escape(bill.tariffCode))</p>
            <p>Service \(escape(bill.input.periodStart)) to \(escape(bill.input.periodEnd)) (\(bill.rated.days) days) · Bill date \(escape(bill.billDate)) · Due \(escape(bill.dueDate)) · Status \(escape(bill.status))</p>
            <h2>Meter reads</h2><table><tr><th>Meter</th><th>From</th><th>To</th><th>Usage</th></tr>\(reads)</table>
            <h2>Charges</h2><table><tr><th>Charge</th><th>Quantity</th><th>Rate</th><th class="amount">Amount</th></tr>\(rows.joined())</table>
            <p>Taxes and fees included: \(Dollars.plain(bill.rated.taxCents))</p>
            </body></html>
            """
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
