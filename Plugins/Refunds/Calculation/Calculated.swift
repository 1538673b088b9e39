import SettleContracts

/// A refund as computed from its sources, before it is recorded: the amount is the sum of the
/// calculation's lines that are not informational.
struct Calculated: Sendable {
    var kind: RefundKind
    var account: Settle_Accounts_V1_Account
    var source: String
    var lines: [Settle_Refunds_V1_CalculationInput] = []
    /// Posted to the ledger when the refund is paid (deposit refunds, tax-exempt credits).
    var depositCents: Int64 = 0
    var interestCents: Int64 = 0
    var creditCents: Int64 = 0
    /// Kept as credit instead of paid (a billing error, by the customer's choice).
    var keepAsCredit = false

    var amount: Int64 { lines.filter { !$0.informational }.reduce(0) { $0 + $1.amountCents } }
}
