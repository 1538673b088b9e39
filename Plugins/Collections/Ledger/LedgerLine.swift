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
}

/// What remains open of one amount owed.
struct OpenAmount: Sendable, Equatable {
    var entryID: Int64
    var kind: String
    var billID: String
    var dueDay: Int
    var entryDay: Int
    var original: Int64
    var open: Int64
    var rateClass: String
}

/// An account's position on a date: its balance, the open items that make it up, and any
/// credit not yet used. `balance == openItems.sum(open) + credit` always holds.
struct AccountPosition: Sendable, Equatable {
    var balance: Int64 = 0
    /// Unapplied credit, 0 or negative.
    var credit: Int64 = 0
    var openItems: [OpenAmount] = []

    /// Open amounts due before `day` (the day itself is not yet past due).
    func pastDue(on day: Int) -> Int64 {
        openItems.reduce(0) { $0 + ($1.dueDay < day ? $1.open : 0) }
    }

    /// The earliest due day among past-due open items on `day`.
    func oldestPastDueDay(on day: Int) -> Int? {
        openItems.lazy.filter { $0.dueDay < day }.map(\.dueDay).min()
    }
}
