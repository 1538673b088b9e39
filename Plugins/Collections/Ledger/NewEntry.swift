/// An entry about to be written: the columns of `ledger_entry` but the id.
struct NewEntry: Sendable {
    var accountNumber: String
    var kind: EntryKind
    var amount: Int64
    var entryDay: Int
    var dueDay: Int
    var billID: String = ""
    var agreementID: Int64 = 0
    var serviceType: String = ""
    var rateClass: String = ""
    var period: String = ""
    var taxCents: Int64 = 0
    var reference: String = ""
    var reversesID: Int64? = nil
    var memo: String = ""
    /// The change to the deposit held (negative for a deposit applied or refunded).
    var depositCents: Int64 = 0
    /// A bill charge's service period (day numbers), for the bankruptcy split; nil otherwise.
    var serviceStartDay: Int? = nil
    var serviceEndDay: Int? = nil
    /// Budget billing: what the charge makes due (its installment); nil off a plan.
    var installmentDue: Int64? = nil
}
