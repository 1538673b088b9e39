import Foundation
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// Credit balance on a final or closed account: what the ledger shows the utility owes after
/// the final bill and the deposit were applied, each kind of entry a line of the calculation.
extension RefundsService {
    func creditBalance(_ account: Settle_Accounts_V1_Account, on date: LocalDate) async throws -> Calculated {
        guard account.status == "final" || account.status == "closed" else {
            throw RefundsError.failedPrecondition("account \(account.number) is \(account.status); a credit balance is refunded only on a final or closed account (its next bills use it otherwise)")
        }
        let ledger = try await collections.getAccountLedger(.with {
            $0.accountNumber = account.number
            $0.asOf = date.description
            $0.includeEntries = true
        })
        guard ledger.balanceCents < 0 else {
            throw RefundsError.failedPrecondition("account \(account.number) has no credit on \(date): its balance is \(Dollars.grouped(ledger.balanceCents))")
        }
        var result = Calculated(kind: .creditBalance, account: account, source: "final:\(account.number)")
        result.lines.append(input("Account status", 0, source: "accounts: account \(account.number)",
                                  detail: "\(account.status) (final \(account.finalDate.isEmpty ? "—" : account.finalDate), closed \(account.closedDate.isEmpty ? "—" : account.closedDate))",
                                  informational: true))
        // Each kind's entries summed, negated: together they are the credit to refund.
        var byKind: [(String, Int64, [UInt64])] = []
        for entry in ledger.entries {
            if let index = byKind.firstIndex(where: { $0.0 == entry.kind }) {
                byKind[index].1 += entry.amountCents
                byKind[index].2.append(entry.id)
            } else {
                byKind.append((entry.kind, entry.amountCents, [entry.id]))
            }
        }
        for (kind, cents, ids) in byKind {
            let shown = ids.count <= 6 ? ids.map(String.init).joined(separator: ", ") : "\(ids.first ?? 0) … \(ids.last ?? 0) (\(ids.count))"
            result.lines.append(input(Self.label(kind), -cents, source: "collections: ledger of \(account.number) to \(date)", detail: "entries \(shown)"))
        }
        return result
    }

    static func label(_ kind: String) -> String {
        switch kind {
        case "charge": "Bills charged"
        case "payment": "Payments"
        case "deposit_applied": "Deposit applied to the final bill"
        case "deposit_interest": "Deposit interest credited"
        case "refund": "Refunds already paid"
        case "reversal": "Reversals"
        case "transfer": "Transfers"
        default: kind.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }
}
