/// The kinds of ledger entries. Each is immutable once written; a mistake is undone by a
/// `reversal` entry pointing at it, so the ledger always shows what happened and when.
enum EntryKind: String, Sendable, CaseIterable {
    /// A bill's charge for one service (from Rating).
    case charge
    case payment
    /// A correction of either sign that is not a reversal (e.g. a goodwill adjustment).
    case adjustment
    case credit
    case lateFee = "late_fee"
    /// The fee for a returned (NSF) payment.
    case nsfFee = "nsf_fee"
    /// A deposit owed like a bill; the part paid is the deposit held.
    case depositBilled = "deposit_billed"
    /// Reserved: a payment pays a billed deposit like any amount owed.
    case depositPaid = "deposit_paid"
    /// The held deposit pays what the account owes: lowers the balance and the deposit held.
    case depositApplied = "deposit_applied"
    /// The held deposit goes back to the customer: lowers the deposit held, not the balance.
    case depositRefunded = "deposit_refunded"
    /// Interest on the held deposit, credited when the deposit is applied to a final bill:
    /// lowers the balance, not the deposit held (interest was never part of it).
    case depositInterest = "deposit_interest"
    case transfer
    case writeOff = "write_off"
    case reversal
    /// Money paid back to the customer (a check or ACH credit, by the Refunds module): it
    /// raises the balance from a credit toward zero, and its reversal (a returned payment)
    /// re-opens the credit.
    case refund

    /// What the caller's positive amount does: its sign on the balance (`amount_cents`) and on
    /// the deposit held (`deposit_cents`).
    struct Effect: Sendable {
        var balance: Int64
        var deposit: Int64 = 0
    }

    /// Kinds `PostEntry` accepts, with what their amount does.
    static let postable: [EntryKind: Effect] = [
        .adjustment: Effect(balance: 1), .credit: Effect(balance: -1), .writeOff: Effect(balance: -1),
        .depositBilled: Effect(balance: 1),
        .depositApplied: Effect(balance: -1, deposit: -1), .depositRefunded: Effect(balance: 0, deposit: -1),
    ]

    /// Fees are billed with the account's next bill (due on its due date, current until then).
    static func isFee(_ kind: String) -> Bool {
        kind == EntryKind.lateFee.rawValue || kind == EntryKind.nsfFee.rawValue
    }

    static var postableSpelled: String {
        postable.keys.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
