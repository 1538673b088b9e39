/// The kinds of refund request, each computed from its own sources.
import SettleDomain

enum RefundKind: String, Sendable, CaseIterable {
    /// The credit left on a final or closed account after its final bill and deposit.
    case creditBalance = "credit_balance"
    /// A refund-eligible deposit with its interest to the refund date.
    case deposit
    /// A cancel/rebill's difference in the customer's favour.
    case billingError = "billing_error"
    /// Taxes billed and paid under an exemption certificate, within the limitation period.
    case taxExempt = "tax_exempt"
    /// A discharged bankruptcy's pre-petition debt, written off.
    case bankruptcyDischarge = "bankruptcy_discharge"

    static func parse(_ text: String) throws -> RefundKind {
        guard let kind = RefundKind(rawValue: text) else {
            throw RefundsError.invalid("kind", text.isEmpty ? "a kind is required (\(spelled))" : "'\(text)' is not one of \(spelled)")
        }
        return kind
    }

    static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Where a request is in its lifecycle.
enum RefundStatus: String, Sendable, CaseIterable {
    case draft, submitted, approved, disbursed, rejected, voided, reissued
    /// Below the minimum: settled by a small-balance adjustment, not paid.
    case adjusted
    /// A billing error the customer keeps as credit on the account.
    case credited
    /// A discharged bankruptcy's pre-petition debt, written off on approval.
    case writtenOff = "written_off"

    /// Statuses that still hold the source: a second request for the same source and amount is refused.
    static let holding: [RefundStatus] = [.draft, .submitted, .approved, .disbursed, .adjusted, .credited, .writtenOff]

    static func parse(_ text: String, field: String = "status") throws -> RefundStatus {
        guard let status = RefundStatus(rawValue: text) else {
            throw RefundsError.invalid(field, "'\(text)' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }
}
