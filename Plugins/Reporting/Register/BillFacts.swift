import SettleContracts

/// What the register and the anomaly scan need of one of Rating's bills, kept small: a whole
/// month's register holds one cycle's bills at a time, read as columns (`ListBillColumns`),
/// not their lines, reads and inputs (the totals by component come from Rating's register).
struct BillFacts: Sendable {
    let id: String
    let agreementID: UInt64
    let accountNumber: String
    let serviceType: String
    let rateClass: String
    let tariffCode: String
    /// issued | held | cancelled
    let status: String
    let totalCents: Int64
    let taxCents: Int64
    /// A held bill's hold reasons joined by "; ", a cancelled bill's cancel reason.
    let reason: String
    let replaces: String
    /// The use rated, in thousandths of its unit (with `with_use`; else 0).
    let useThousandths: Int64
    /// The highest demand rated, in watts (with `with_use`; else 0).
    let maxDemandW: Int64

    /// Bill `i` of a page of columns; nil when the page's lists do not all reach it (a page
    /// Rating would never send, refused rather than read out of bounds).
    init?(_ columns: Settle_Rating_V1_BillColumns, at i: Int) {
        guard i < columns.agreementID.count, i < columns.accountNumber.count, i < columns.serviceType.count,
              i < columns.rateClass.count, i < columns.tariffCode.count, i < columns.status.count,
              i < columns.totalCents.count, i < columns.taxCents.count, i < columns.reason.count,
              i < columns.replaces.count else { return nil }
        id = columns.id[i]
        agreementID = columns.agreementID[i]
        accountNumber = columns.accountNumber[i]
        serviceType = columns.serviceType[i]
        rateClass = columns.rateClass[i]
        tariffCode = columns.tariffCode[i]
        status = columns.status[i]
        totalCents = columns.totalCents[i]
        taxCents = columns.taxCents[i]
        reason = columns.reason[i]
        replaces = columns.replaces[i]
        useThousandths = i < columns.useThousandths.count ? columns.useThousandths[i] : 0
        maxDemandW = i < columns.maxDemandW.count ? columns.maxDemandW[i] : 0
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
