import Foundation
import SettleContracts
import SettleDomain

/// How refunds, batches and bankruptcy cases print: tables for review, CSV for spreadsheets.
enum RefundsFormat {
    static let refundHeaders = ["ID", "KIND", "ACCOUNT", "AMOUNT", "STATUS", "METHOD", "REQUESTED BY", "APPROVED BY", "SOURCE"]

    static func refundRows(_ refunds: [Settle_Refunds_V1_RefundRequest]) -> [[String]] {
        refunds.map { [$0.id, $0.kind, $0.accountNumber, Dollars.grouped($0.amountCents), $0.status, $0.method, $0.requestedBy, $0.approvedBy, $0.source] }
    }

    static func printCSV(_ headers: [String], _ rows: [[String]]) {
        print(CSVText.line(headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }))
        for row in rows { print(CSVText.line(row.map { $0.replacingOccurrences(of: ",", with: "") })) }
    }

    /// A request as a person reviews it: what, for whom, every input with its source, and who did what.
    static func review(_ refund: Settle_Refunds_V1_RefundRequest) {
        print("Refund \(refund.id) — \(refund.kind) for account \(refund.accountNumber) (customer \(refund.customerID))")
        print("Status \(refund.status)\(refund.method.isEmpty ? "" : ", settled by \(refund.method)")\(refund.batchID.isEmpty ? "" : ", batch \(refund.batchID)")")
        print("Source \(refund.source); calculated for \(refund.refundDate)")
        if refund.needsSupervisor { print("Needs a supervisor's approval") }
        print("\nCalculation")
        Output.table(["INPUT", "AMOUNT", "FROM", "DETAIL"], refund.calculation.map {
            [$0.label, $0.informational ? "" : Dollars.grouped($0.amountCents), $0.source, $0.detail]
        })
        print("\nRefund \(Dollars.grouped(refund.amountCents))")
        if refund.depositCents != 0 || refund.interestCents != 0 {
            print("Posted when paid: deposit applied \(Dollars.grouped(refund.depositCents)), interest \(Dollars.grouped(refund.interestCents))")
        }
        if refund.creditCents != 0 { print("Posted when paid: credit of the taxes \(Dollars.grouped(refund.creditCents))") }
        if !refund.decisionReason.isEmpty { print("Decision: \(refund.decisionReason)") }
        for note in refund.notes { print("Note: \(note)") }
        if !refund.reissueOf.isEmpty { print("Reissue of \(refund.reissueOf)") }
        if !refund.reissuedAs.isEmpty { print("Reissued as \(refund.reissuedAs)") }
        print("\nHistory")
        Output.table(["ACTION", "BY", "AT", "REASON", "DETAIL"], refund.history.map { [$0.action, $0.actor, $0.at, $0.reason, $0.detail] })
    }

    static let itemHeaders = ["REFUND", "ACCOUNT", "PAYEE", "METHOD", "GROSS", "APPLIED ELSEWHERE", "NET", "PAYMENT NO", "POSTED"]

    static func itemRows(_ batch: Settle_Refunds_V1_DisbursementBatch) -> [[String]] {
        batch.items.map { item in
            [item.refundID, item.accountNumber, item.payeeName, item.method, Dollars.grouped(item.grossCents),
             item.offsets.map { "\($0.accountNumber) \(Dollars.grouped($0.amountCents))" }.joined(separator: "; "),
             Dollars.grouped(item.netCents), item.paymentNumber, item.posted ? "yes" : "no"]
        }
    }

    static func batch(_ batch: Settle_Refunds_V1_DisbursementBatch) {
        print("Batch \(batch.id) \(batch.status), dated \(batch.batchDate), created by \(batch.createdBy)\(batch.releasedBy.isEmpty ? "" : ", released by \(batch.releasedBy)")")
        print("ACH \(batch.achEntries) entries \(Dollars.grouped(batch.achTotalCents)) (entry hash \(batch.entryHash)); checks \(batch.checks) \(Dollars.grouped(batch.checkTotalCents))\n")
        Output.table(itemHeaders, itemRows(batch))
    }

    static let claimHeaders = ["ACCOUNT", "ENTRY", "KIND", "BILL", "SERVICE", "DUE", "ORIGINAL", "PRE-PETITION PART", "OPEN", "SPLIT"]

    static func claimRows(_ lines: [Settle_Refunds_V1_ClaimLine]) -> [[String]] {
        lines.map {
            [$0.accountNumber, String($0.entryID), $0.kind, $0.billID, $0.serviceStartDate.isEmpty ? "" : "\($0.serviceStartDate) – \($0.serviceEndDate)",
             $0.dueDate, Dollars.grouped($0.originalCents), Dollars.grouped($0.prePetitionCents), Dollars.grouped($0.openCents), $0.split ? "by days" : ""]
        }
    }

    static func bankruptcy(_ view: Settle_Refunds_V1_BankruptcyView, claimOnly: Bool = false, assuranceOnly: Bool = false) {
        print("Case \(view.caseNumber), chapter \(view.chapter), \(view.court); customer \(view.customerID); petition \(view.petitionDate); \(view.status)\(view.resolvedDate.isEmpty ? "" : " \(view.resolvedDate)") (as of \(view.asOf))")
        if !assuranceOnly {
            print("\nPre-petition claim \(Dollars.grouped(view.prePetitionClaimCents)) (for the proof of claim)")
            Output.table(claimHeaders, claimRows(view.claimLines))
        }
        if !claimOnly && !assuranceOnly {
            print("\nPost-petition, collectible under the stay \(Dollars.grouped(view.postPetitionOpenCents))")
            Output.table(claimHeaders, claimRows(view.postPetitionLines))
            print("\nPre-petition debt: \(view.prePetitionOutcome)\(view.writtenOffCents == 0 ? "" : ", \(Dollars.grouped(view.writtenOffCents)) written off")\(view.dischargeRefundID.isEmpty ? "" : " (\(view.dischargeRefundID))")")
        }
        if !claimOnly {
            let assurance = view.assurance
            print("\nAdequate assurance (11 U.S.C. §366): \(Dollars.grouped(assurance.amountCents)) due \(assurance.dueDate) on account \(assurance.accountNumber)\(assurance.requested ? ", billed (entry \(assurance.ledgerEntryID))" : ", not yet billed")")
            print("  \(assurance.basis)")
        }
    }
}
