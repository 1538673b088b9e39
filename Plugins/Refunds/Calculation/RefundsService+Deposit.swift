import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// Deposit refund: the held deposit and its simple interest to the refund date, when
/// Collections says the deposit is refund-eligible. The interest is posted to the ledger with
/// the refund (a `deposit_interest` entry), never only reported.
extension RefundsService {
    func depositRefund(_ account: Settle_Accounts_V1_Account, on date: LocalDate) async throws -> Calculated {
        guard account.status == "active" else {
            throw RefundsError.failedPrecondition("account \(account.number) is \(account.status): its deposit was applied to the final bill; request a credit_balance refund")
        }
        let status = try await collections.getDepositStatus(.with { $0.accountNumber = account.number; $0.asOf = date.description })
        return try Self.depositRefund(account, status: status, on: date)
    }

    /// The deposit refund Collections' status gives, or FAILED_PRECONDITION saying why there is none.
    static func depositRefund(_ account: Settle_Accounts_V1_Account, status: Settle_Collections_V1_DepositStatus, on date: LocalDate) throws -> Calculated {
        guard status.heldCents > 0 else {
            throw RefundsError.failedPrecondition("account \(account.number) holds no deposit on \(date) (billed \(Dollars.grouped(status.billedCents)), applied \(Dollars.grouped(status.appliedCents)), refunded \(Dollars.grouped(status.refundedCents)))")
        }
        guard status.refundEligible else {
            throw RefundsError.failedPrecondition("the deposit of account \(account.number) is not refund-eligible on \(date): \(status.reasons.joined(separator: "; "))")
        }
        let source = "collections: deposit status of \(account.number) as of \(date)"
        var result = Calculated(kind: .deposit, account: account, source: "deposit:\(account.number)")
        result.lines.append(input("Eligibility", 0, source: source,
                                  detail: "refund eligible: \(status.reasons.isEmpty ? "12 months of service with good payment history" : status.reasons.joined(separator: "; ")); late payments in 12 months: \(status.latePayments)",
                                  informational: true))
        result.lines.append(input("Deposit held", status.heldCents, source: source,
                                  detail: "billed \(Dollars.grouped(status.billedCents)), applied \(Dollars.grouped(status.appliedCents)), refunded \(Dollars.grouped(status.refundedCents))"))
        result.lines.append(input("Interest to \(date)", status.interestCents, source: source,
                                  detail: "simple interest at the collections policy's rate on the amount held, from each deposit's due date, rounded half-up; posted as a deposit_interest entry when paid"))
        result.depositCents = status.heldCents
        result.interestCents = status.interestCents
        return result
    }
}
