import SettleContracts

/// What the register needs of one of Rating's bills, kept small: a whole month's register
/// holds one cycle's bills at a time, not their lines, reads and inputs (the totals by
/// component come from Rating's register).
struct BillFacts: Sendable {
    let id: String
    let agreementID: UInt64
    let accountNumber: String
    let serviceType: String
    let rateClass: String
    /// issued | held | cancelled
    let status: String
    let totalCents: Int64
    let taxCents: Int64
    let holdReasons: [String]
    let replaces: String
    let cancelReason: String

    init(_ bill: Settle_Rating_V1_Bill) {
        id = bill.id
        agreementID = bill.agreementID
        accountNumber = bill.accountNumber
        serviceType = bill.serviceType
        rateClass = bill.rateClass
        status = bill.status
        totalCents = bill.rated.totalCents
        taxCents = bill.rated.taxCents
        holdReasons = bill.holdReasons
        replaces = bill.replaces
        cancelReason = bill.cancelReason
    }

    /// What Collections should hold for this bill: an issued bill's total, nothing for a
    /// held bill (not posted until released) or a cancelled one (its charge reversed).
    var expectedLedgerCents: Int64 { status == "issued" ? totalCents : 0 }
    var expectedLedgerTaxCents: Int64 { status == "issued" ? taxCents : 0 }
}

/// One bill's net charge in the ledger, from Collections' `ListBillCharges`.
struct LedgerCharge: Sendable {
    var netCents: Int64 = 0
    var netTaxCents: Int64 = 0
    var chargedCents: Int64 = 0
    var reversed = false
}
