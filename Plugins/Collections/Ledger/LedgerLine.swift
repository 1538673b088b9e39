/// One ledger entry as open-item accounting needs it: amount, dates, and what it reverses.
struct LedgerLine: Sendable, Equatable {
    var id: Int64
    var kind: String
    var amount: Int64
    var entryDay: Int
    var dueDay: Int
    var billID: String = ""
    var rateClass: String = ""
    /// For a reversal: the entry it cancels.
    var reversesID: Int64? = nil
    /// A bill charge's service period (first day of service, closing-read day); nil when the
    /// charge did not say, or for other kinds. Read only where a bankruptcy split needs it.
    var serviceStartDay: Int? = nil
    var serviceEndDay: Int? = nil
    /// Budget billing: what a charge under a plan made due (its installment); nil otherwise.
    /// Open-item accounting owes this, not `amount`; the difference is the deferred balance.
    var installmentDue: Int64? = nil
}

/// What remains open of one amount owed.
struct OpenAmount: Sendable, Equatable {
    var entryID: Int64
    var kind: String
    var billID: String
    /// The day it is due; for a fee not yet billed, `OpenAmount.unbilled` (current until then).
    var dueDay: Int
    var entryDay: Int
    var original: Int64
    var open: Int64
    var rateClass: String
    /// Under a bankruptcy case: the part of the entry for service before the petition date.
    var prePetition: Bool = false

    /// The due day of a fee no bill has carried yet: never past due.
    static let unbilled = Int(Int32.max)
    var isUnbilled: Bool { dueDay == Self.unbilled }
}

/// An account's position on a date: its balance, the open items that make it up, any
/// credit not yet used and the budget-billing deferred balance.
/// `balance == openItems.sum(open) + credit + deferred` always holds.
struct AccountPosition: Sendable, Equatable {
    var balance: Int64 = 0
    /// Unapplied credit, 0 or negative.
    var credit: Int64 = 0
    /// Budget billing: actual charges under a plan less the installments they made due. Owed
    /// (or, negative, paid ahead) but not due: it never ages, and leaving the plan bills it.
    var deferred: Int64 = 0
    var openItems: [OpenAmount] = []

    /// Open amounts due before `day` (the day itself is not yet past due).
    func pastDue(on day: Int) -> Int64 {
        openItems.reduce(0) { $0 + ($1.dueDay < day ? $1.open : 0) }
    }

    /// Open amounts due before `day` for service on or after a bankruptcy petition (the only
    /// debt collectible under the stay).
    func postPetitionPastDue(on day: Int) -> Int64 {
        openItems.reduce(0) { $0 + ($1.dueDay < day && !$1.prePetition ? $1.open : 0) }
    }

    /// The earliest due day among past-due open items on `day` (post-petition ones only when asked).
    func oldestPastDueDay(on day: Int, postPetitionOnly: Bool = false) -> Int? {
        openItems.lazy.filter { $0.dueDay < day && !(postPetitionOnly && $0.prePetition) }.map(\.dueDay).min()
    }
}
