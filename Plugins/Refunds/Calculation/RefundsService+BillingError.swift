import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Billing-error correction: the difference between a cancelled bill and its rebill, when
/// the rebill is lower; paid out up to the credit the ledger holds (what the difference did
/// not already take off what the account owes), or left on the account as credit.
extension RefundsService {
    func billingError(_ account: Settle_Accounts_V1_Account, billID: String, keepAsCredit: Bool, on date: LocalDate) async throws -> Calculated {
        guard !billID.isEmpty else { throw RefundsError.invalid("bill_id", "a billing_error refund names the cancelled bill") }
        let original = try await bill(billID, field: "bill_id")
        guard original.accountNumber == account.number else {
            throw RefundsError.invalid("bill_id", "bill \(billID) is account \(original.accountNumber)'s, not \(account.number)'s")
        }
        guard original.status == "cancelled", !original.replacedBy.isEmpty else {
            throw RefundsError.failedPrecondition("bill \(billID) is \(original.status)\(original.replacedBy.isEmpty ? " and was not rebilled" : ""); a billing error is corrected by cancel/rebill first")
        }
        let rebill = try await bill(original.replacedBy, field: "bill_id")
        let difference = original.rated.totalCents - rebill.rated.totalCents
        guard difference > 0 else {
            throw RefundsError.failedPrecondition("rebill \(rebill.id) (\(Dollars.grouped(rebill.rated.totalCents))) is not lower than bill \(billID) (\(Dollars.grouped(original.rated.totalCents))): nothing is owed to the customer")
        }
        var result = Calculated(kind: .billingError, account: account, source: "rebill:\(original.id)>\(rebill.id)")
        result.keepAsCredit = keepAsCredit
        result.lines.append(input("Cancelled bill \(original.id) (\(original.period))", original.rated.totalCents, source: "rating: bill \(original.id)",
                                  detail: "cancelled: \(original.cancelReason)"))
        result.lines.append(input("Rebill \(rebill.id)", -rebill.rated.totalCents, source: "rating: bill \(rebill.id)"))
        // Taxes of the cancelled bill a tax-exempt refund already holds are not paid again.
        let refunded = try await store.read { db in try Self.billsRefunded(sourcePrefix: "tax:\(account.number)", in: db) }
        if let by = refunded[original.id] {
            let taxes = try await store.read { db in try RefundStore.load(by, in: db) }.calculation
                .filter { !$0.informational && $0.source == "rating: bill \(original.id)" }.reduce(Int64(0)) { $0 + $1.amountCents }
            result.lines.append(input("Taxes of \(original.id) already refunded by \(by)", -min(taxes, difference), source: "refunds: refund \(by)"))
        }
        let owed = result.lines.reduce(Int64(0)) { $0 + ($1.informational ? 0 : $1.amountCents) }
        if !keepAsCredit, owed > 0 {
            let ledger = try await collections.getAccountLedger(.with { $0.accountNumber = account.number; $0.asOf = date.description })
            let available = -ledger.creditCents
            if available < owed {
                result.lines.append(input("Already used against what the account owes", -(owed - max(0, available)), source: "collections: ledger of \(account.number) to \(date)",
                                          detail: "unused credit on the ledger \(Dollars.grouped(max(0, available))); balance \(Dollars.grouped(ledger.balanceCents))"))
            }
        } else if keepAsCredit {
            result.lines.append(input("Customer's choice", 0, source: "request", detail: "kept as credit on the account; nothing is paid out", informational: true))
        }
        return result
    }

    func bill(_ id: String, field: String) async throws -> Settle_Rating_V1_Bill {
        do {
            return try await rating.getBill(.with { $0.billID = id })
        } catch let error as RPCError where error.code == .notFound {
            throw RefundsError.notFound("\(field): no bill \(id)")
        }
    }
}
