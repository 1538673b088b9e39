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
    case depositBilled = "deposit_billed"
    case depositPaid = "deposit_paid"
    case depositApplied = "deposit_applied"
    case depositRefunded = "deposit_refunded"
    case transfer
    case writeOff = "write_off"
    case reversal

    /// Kinds `PostEntry` accepts, with the sign the caller's positive amount takes.
    static let postable: [EntryKind: Int64] = [
        .adjustment: 1, .credit: -1, .writeOff: -1, .depositBilled: 1,
    ]

    static var postableSpelled: String {
        postable.keys.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
