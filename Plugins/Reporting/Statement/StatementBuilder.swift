import Foundation
import SettleContracts
import SettleDomain

/// One account's statement for a period from what Accounts, Rating, Collections and
/// Programs said: the bills of the period by service, the ledger split at the previous
/// statement, 13 months of use, program information and messages.
enum StatementBuilder {
    struct Sources: Sendable {
        var account: Settle_Accounts_V1_Account
        var bills: [Settle_Rating_V1_Bill]
        var ledger: Settle_Collections_V1_GetAccountLedgerResponse
        var enrolments: [Settle_Programs_V1_Enrolment]
    }

    /// The bills a statement of `period` covers: every agreement's bill in force (issued or
    /// held, not cancelled).
    static func current(_ bills: [Settle_Rating_V1_Bill], period: YearMonth) -> [Settle_Rating_V1_Bill] {
        bills.filter { $0.period == period.description && $0.status != "cancelled" }
    }

    static func build(_ s: Sources, period: YearMonth) -> Settle_Reporting_V1_Statement {
        var statement = Settle_Reporting_V1_Statement()
        statement.accountNumber = s.account.number
        statement.customerName = s.account.customerName
        statement.mailingAddress = oneLine(s.account.mailingAddress)
        statement.period = period.description
        let bills = current(s.bills, period: period).sorted { ($0.serviceType, $0.id) < ($1.serviceType, $1.id) }
        statement.statementDate = bills.map(\.billDate).max() ?? ""
        statement.dueDate = bills.filter { $0.status == "issued" }.map(\.dueDate).max() ?? statement.statementDate
        statement.previousStatementDate = s.bills.filter { $0.period < period.description && $0.status != "cancelled" && $0.billDate < statement.statementDate }
            .map(\.billDate).max() ?? ""
        let billIDs = Set(bills.filter { $0.status == "issued" }.map(\.id))
        let paymentIDs = Set(s.ledger.entries.filter { $0.kind == "payment" }.map(\.id))
        var issuedTotal: Int64 = 0
        for entry in s.ledger.entries where entry.entryDate <= statement.statementDate {
            if !statement.previousStatementDate.isEmpty, entry.entryDate <= statement.previousStatementDate {
                statement.previousBalanceCents += entry.amountCents
            } else if entry.kind == "charge", billIDs.contains(entry.billID) {
                statement.newChargesCents += entry.amountCents
            } else if entry.kind == "payment" || (entry.kind == "reversal" && paymentIDs.contains(entry.reversesID)) {
                statement.paymentsCents += entry.amountCents
            } else {
                statement.adjustmentsCents += entry.amountCents
            }
        }
        for bill in bills {
            var service = Settle_Reporting_V1_StatementService()
            service.serviceType = bill.serviceType
            service.agreementID = bill.agreementID
            service.billID = bill.id
            service.tariffCode = bill.tariffCode
            service.periodStart = bill.input.periodStart
            service.periodEnd = bill.input.periodEnd
            service.usage = ResearchTimeline.usage(bill)
            service.amountCents = bill.rated.totalCents
            service.status = bill.status
            service.lines = bill.rated.lines
            service.estimated = bill.estimated
            statement.services.append(service)
            if bill.status == "issued" { issuedTotal += bill.rated.totalCents }
            for note in bill.input.programNotes {
                var program = Settle_Reporting_V1_StatementProgram()
                program.kind = "note"
                program.description_p = "\(bill.serviceType): \(note)"
                statement.programs.append(program)
            }
            if bill.estimated { statement.messages.append("Your \(bill.serviceType) bill is based on an estimated read; the next actual read corrects it.") }
            if bill.status == "held" {
                statement.messages.append("Your \(bill.serviceType) bill of \(HTMLText.dollars(bill.rated.totalCents)) is under review and not included in the total.")
            }
        }
        statement.totalDueCents = statement.previousBalanceCents + statement.paymentsCents + statement.adjustmentsCents + statement.newChargesCents
        statement.tiesToLedger = statement.newChargesCents == issuedTotal && statement.totalDueCents == s.ledger.balanceCents
        let carried = statement.previousBalanceCents + statement.paymentsCents
        if carried > 0 { statement.messages.append("Includes \(HTMLText.dollars(carried)) unpaid from earlier statements, due now.") }
        if carried < 0 { statement.messages.append("A credit of \(HTMLText.dollars(-carried)) from earlier statements is applied.") }
        for enrolment in s.enrolments where enrolment.status == "active" {
            var program = Settle_Reporting_V1_StatementProgram()
            program.kind = enrolment.kind
            program.description_p = "\(enrolment.kind.replacingOccurrences(of: "_", with: " ")) since \(enrolment.effectiveFrom), agreement \(enrolment.agreementID)"
            statement.programs.append(program)
        }
        let first = period.adding(months: -12).description
        statement.usage = ResearchTimeline.usage(s.bills.filter { $0.period >= first && $0.period <= period.description })
        return statement
    }

    static func oneLine(_ address: Settle_Accounts_V1_Address) -> String {
        let street = [address.line1, address.line2].filter { !$0.isEmpty }.joined(separator: ", ")
        let place = [address.city, [address.state, address.postalCode].filter { !$0.isEmpty }.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: ", ")
        return [street, place].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
