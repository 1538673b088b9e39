import SettleContracts
import SettleDomain
import SettleRPC

/// One cycle's bills, skips and ledger charges for a period, indexed by agreement: what the
/// register classifies each agreement of Accounts' directory against.
struct CycleIndex: Sendable {
    let cycle: UInt32
    private(set) var billsByAgreement: [UInt64: [BillFacts]] = [:]
    private(set) var skips: [UInt64: Settle_Rating_V1_SkippedAgreement] = [:]
    private(set) var ledger: [String: LedgerCharge] = [:]
    /// Agreements with a bill or a skip, in first-seen order, for those the directory misses.
    private(set) var agreementOrder: [UInt64] = []
    /// Rating's register of the cycle (counts, skips, component totals), set once it is read.
    private(set) var ratingRegister = Settle_Rating_V1_BillRegister()

    init(cycle: UInt32) { self.cycle = cycle }

    /// The cycle's bill ids in the order Rating listed them, for the ledger's batches.
    private(set) var billIDs: [String] = []

    /// Adds a page of Rating's bills; returns them as facts (for a reader that looks into
    /// each bill, as the anomaly scan does).
    mutating func add(_ columns: Settle_Rating_V1_BillColumns) throws -> [BillFacts] {
        var facts: [BillFacts] = []
        facts.reserveCapacity(columns.id.count)
        billIDs.reserveCapacity(billIDs.count + columns.id.count)
        for i in columns.id.indices {
            guard let bill = BillFacts(columns, at: i) else {
                throw ReportingError.dataLoss("Rating's bill columns for cycle \(cycle) are uneven at bill \(columns.id[i])")
            }
            billIDs.append(bill.id)
            if billsByAgreement[bill.agreementID] == nil, skips[bill.agreementID] == nil { agreementOrder.append(bill.agreementID) }
            billsByAgreement[bill.agreementID, default: []].append(bill)
            facts.append(bill)
        }
        return facts
    }

    /// Sets Rating's register: its skips join the agreements the register classifies.
    mutating func setRegister(_ register: Settle_Rating_V1_BillRegister) {
        ratingRegister = register
        for skip in register.skips {
            if billsByAgreement[skip.agreementID] == nil, skips[skip.agreementID] == nil { agreementOrder.append(skip.agreementID) }
            skips[skip.agreementID] = skip
        }
    }

    mutating func record(_ charges: [Settle_Collections_V1_PostedBillCharge]) {
        for charge in charges {
            var entry = ledger[charge.billID] ?? LedgerCharge()
            entry.netCents += charge.netCents
            entry.netTaxCents += charge.netTaxCents
            entry.chargedCents += charge.chargedCents
            entry.reversed = entry.reversed || charge.reversedCents != 0
            ledger[charge.billID] = entry
        }
    }

    /// The account of an agreement's bill or skip in this cycle.
    func accountNumber(of agreement: UInt64) -> String? {
        billsByAgreement[agreement]?.first?.accountNumber ?? skips[agreement]?.accountNumber
    }

    /// One agreement's row: its bill in force (issued, else held, else cancelled), else its
    /// skip, else not billed; with the ledger's net charges over all its bills of the period.
    func row(agreementID: UInt64, account: String, serviceType: String, rateClass: String) -> Settle_Reporting_V1_RegisterRow {
        var row = Settle_Reporting_V1_RegisterRow()
        row.cycle = cycle
        row.agreementID = agreementID
        row.accountNumber = account
        row.serviceType = serviceType
        row.rateClass = rateClass
        let bills = billsByAgreement[agreementID] ?? []
        row.ledgerCents = bills.reduce(0) { $0 + (ledger[$1.id]?.netCents ?? 0) }
        if let issued = bills.last(where: { $0.status == "issued" }) {
            row.status = "billed"
            row.billID = issued.id
            row.billCents = issued.totalCents
            row.reason = issued.replaces.isEmpty ? "" : "rebill of \(issued.replaces)"
        } else if let held = bills.last(where: { $0.status == "held" }) {
            row.status = "held"
            row.billID = held.id
            row.billCents = held.totalCents
            row.reason = held.reason
        } else if let cancelled = bills.last {
            row.status = "cancelled"
            row.billID = cancelled.id
            row.reason = cancelled.reason
        } else if let skip = skips[agreementID] {
            row.status = "skipped"
            row.reason = skip.reason
        } else {
            row.status = "not_billed"
        }
        if row.accountNumber.isEmpty { row.accountNumber = bills.first?.accountNumber ?? skips[agreementID]?.accountNumber ?? "" }
        if row.serviceType.isEmpty { row.serviceType = bills.first?.serviceType ?? "" }
        if row.rateClass.isEmpty { row.rateClass = bills.first?.rateClass ?? "" }
        return row
    }
}
