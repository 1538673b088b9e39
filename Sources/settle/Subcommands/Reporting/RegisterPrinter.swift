import Foundation
import SettleContracts
import SettleDomain

/// Writes the register as it streams in: each row as it arrives (never the whole register in
/// memory), the summary at the end, in the format asked.
struct RegisterPrinter {
    enum Mode { case table, csv, json, html }
    let mode: Mode
    /// Whether a JSON row was written (for the separating commas).
    private let wroteRow = Flag()

    init(mode: Mode) { self.mode = mode }

    final class Flag: @unchecked Sendable { var value = false }

    func begin(cycle: UInt32, period: String) {
        switch mode {
        case .table:
            print("billing register, cycle \(cycle == 0 ? "all" : String(cycle)), period \(period)")
            print(Self.tableLine(ReportRegister.tableHeader))
        case .csv: print(CSVText.line(ReportRegister.csvHeader))
        case .json: print("{\"rows\":[", terminator: "")
        case .html:
            print(ReportingFormat.htmlHead(title: "Billing register \(period)"))
            print("<h1>Billing register — cycle \(cycle == 0 ? "all" : String(cycle)), period \(ReportingFormat.html(period))</h1>")
            print("<div class=\"scroll\"><table><thead><tr>" + ReportRegister.tableHeader.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>")
        }
    }

    func row(_ row: Settle_Reporting_V1_RegisterRow) throws {
        switch mode {
        case .table:
            print(Self.tableLine(cells(row)))
        case .csv:
            print(CSVText.line(["\(row.cycle)", "\(row.agreementID)", row.accountNumber, row.serviceType, row.rateClass, row.status,
                                           row.billID, row.reason, "\(row.billCents)", "\(row.ledgerCents)"]))
        case .json:
            print((wroteRow.value ? "," : "") + "\n" + (try Output.compactJSON(row)), terminator: "")
            wroteRow.value = true
        case .html:
            let values = cells(row)
            print("<tr>" + values.enumerated().map { index, cell in
                (index == 7 || index == 8 ? "<td class=\"n\">" : "<td>") + ReportingFormat.html(cell) + "</td>"
            }.joined() + "</tr>")
        }
    }

    func end(_ summary: Settle_Reporting_V1_RegisterSummary) throws {
        switch mode {
        case .json:
            print("\n],\"summary\":" + (try Output.compactJSON(summary)) + "}")
        case .csv:
            FileHandle.standardError.write(Data((Self.tieLines(summary).joined(separator: "\n") + "\n").utf8))
        case .table:
            print("")
            for line in Self.tieLines(summary) { print(line) }
        case .html:
            print("</tbody></table></div><h2>Summary</h2><ul>")
            for line in Self.tieLines(summary) { print("<li>\(ReportingFormat.html(line))</li>") }
            print("</ul><div class=\"scroll\"><table><thead><tr><th>COMPONENT</th><th class=\"n\">LINES</th><th class=\"n\">AMOUNT</th></tr></thead><tbody>")
            for component in summary.components {
                print("<tr><td>\(ReportingFormat.html(component.component))</td><td class=\"n\">\(component.lines)</td><td class=\"n\">\(Dollars.signed(component.amountCents))</td></tr>")
            }
            print("</tbody></table></div>")
            print("<p class=\"\(summary.tiesToLedger && summary.countsTie ? "ok" : "bad")\">\(summary.tiesToLedger && summary.countsTie ? "Ties to the ledger." : "DOES NOT TIE.")</p>")
            print(ReportingFormat.htmlTail)
        }
    }

    private func cells(_ row: Settle_Reporting_V1_RegisterRow) -> [String] {
        ["\(row.cycle)", "\(row.agreementID)", row.accountNumber, row.serviceType, row.rateClass, row.status, Cell.dash(row.billID),
         Dollars.signed(row.billCents), Dollars.signed(row.ledgerCents), row.reason]
    }

    /// Fixed widths: rows print as they arrive, before the widest is known.
    static let widths = [5, 10, 9, 12, 17, 10, 26, 12, 12]

    static func tableLine(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index < widths.count ? cell.padding(toLength: max(widths[index], cell.count), withPad: " ", startingAt: 0) : cell
        }.joined(separator: " ")
    }

    /// The summary in words: the counts and the tie, then every difference and problem.
    static func tieLines(_ s: Settle_Reporting_V1_RegisterSummary) -> [String] {
        var lines = [
            "agreements \(s.agreements) (accounts \(s.accounts)) = billed \(s.billed) + held \(s.held) + skipped \(s.skipped) + cancelled \(s.cancelled) + not billed \(s.notBilled): \(s.countsTie ? "ties" : "DOES NOT TIE")",
            "register \(Dollars.signed(s.registerCents)) (tax \(Dollars.signed(s.registerTaxCents))), ledger \(Dollars.signed(s.ledgerCents)) (tax \(Dollars.signed(s.ledgerTaxCents))), held \(Dollars.signed(s.heldCents)): \(s.tiesToLedger ? "ties to the ledger" : "DOES NOT TIE to the ledger")",
        ]
        lines += s.components.map { "  \($0.component): \(Dollars.signed($0.amountCents)) on \($0.lines) line(s)" }
        lines += s.differences.map {
            "difference: bill \($0.billID) (account \($0.accountNumber), \($0.status)) expected \(Dollars.signed($0.expectedCents)), ledger \(Dollars.signed($0.ledgerCents)): \($0.explanation)"
        }
        lines += s.problems.map { "problem: \($0)" }
        return lines
    }
}
