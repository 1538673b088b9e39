import SettleContracts

/// The register's summary, added up cycle by cycle: counts by status, the issued bills'
/// totals by component, and each bill tied to its charges in the ledger.
struct RegisterTally: Sendable {
    private var summary = Settle_Reporting_V1_RegisterSummary()
    private var components: [String: (cents: Int64, lines: UInt32)] = [:]
    private var accounts: Set<String> = []

    init(cycle: UInt32, period: String) {
        summary.cycle = cycle
        summary.period = period
    }

    /// Counts one agreement's row.
    mutating func count(_ row: Settle_Reporting_V1_RegisterRow) {
        summary.agreements += 1
        if !row.accountNumber.isEmpty { accounts.insert(row.accountNumber) }
        switch row.status {
        case "billed": summary.billed += 1
        case "held": summary.held += 1
        case "skipped": summary.skipped += 1
        case "cancelled": summary.cancelled += 1
        default: summary.notBilled += 1
        }
    }

    /// Adds a cycle's bills: the register's totals and every bill's tie to the ledger.
    mutating func add(_ index: CycleIndex) {
        // Sums do not depend on the order; only the differences are listed, in bill order.
        var differences: [Settle_Reporting_V1_RegisterDifference] = []
        for bill in index.billsByAgreement.values.joined() {
            let ledger = index.ledger[bill.id] ?? LedgerCharge()
            summary.ledgerCents += ledger.netCents
            summary.ledgerTaxCents += ledger.netTaxCents
            switch bill.status {
            case "issued":
                summary.registerCents += bill.totalCents
                summary.registerTaxCents += bill.taxCents
            case "held":
                summary.heldCents += bill.totalCents
            default:
                break
            }
            if ledger.netCents != bill.expectedLedgerCents || ledger.netTaxCents != bill.expectedLedgerTaxCents {
                var difference = Settle_Reporting_V1_RegisterDifference()
                difference.billID = bill.id
                difference.agreementID = bill.agreementID
                difference.accountNumber = bill.accountNumber
                difference.status = bill.status
                difference.expectedCents = bill.expectedLedgerCents
                difference.ledgerCents = ledger.netCents
                difference.differenceCents = ledger.netCents - bill.expectedLedgerCents
                difference.explanation = Self.explain(bill, ledger)
                differences.append(difference)
            }
        }
        summary.differences += differences.sorted { $0.billID < $1.billID }
        let rating = index.ratingRegister
        // The issued bills' lines by component, as Rating summed them from the bills it holds
        // (its register's component lines, one per rate class).
        for line in rating.lines where !line.component.isEmpty {
            components[line.component, default: (0, 0)].cents += line.amountCents
            components[line.component, default: (0, 0)].lines += line.lines
        }
        summary.ratingAgreements += rating.agreements
        summary.ratingBilled += rating.billed
        summary.ratingHeld += rating.held
        summary.ratingSkipped += rating.skipped
    }

    mutating func note(_ problem: String) {
        if summary.problems.count < 1_000 { summary.problems.append(problem) }
    }

    /// The finished summary: components ordered by name and whether everything ties.
    func finished() -> Settle_Reporting_V1_RegisterSummary {
        var result = summary
        result.accounts = UInt32(accounts.count)
        result.components = components.sorted { $0.key < $1.key }.map { name, total in
            var line = Settle_Reporting_V1_ComponentTotal()
            line.component = name
            line.amountCents = total.cents
            line.lines = total.lines
            return line
        }
        result.countsTie = result.billed + result.held + result.skipped + result.cancelled + result.notBilled == result.agreements
        result.tiesToLedger = result.registerCents == result.ledgerCents && result.registerTaxCents == result.ledgerTaxCents
            && result.differences.isEmpty
        if result.ratingBilled != result.billed || result.ratingHeld != result.held || result.ratingSkipped != result.skipped {
            result.problems.append("Rating's register counts billed \(result.ratingBilled), held \(result.ratingHeld), skipped \(result.ratingSkipped); "
                + "agreement by agreement: billed \(result.billed), held \(result.held), skipped \(result.skipped)")
        }
        return result
    }

    static func explain(_ bill: BillFacts, _ ledger: LedgerCharge) -> String {
        switch bill.status {
        case "issued" where ledger.chargedCents == 0 && !ledger.reversed:
            return "issued but no charge posted to Collections"
        case "issued" where ledger.reversed && ledger.netCents == 0:
            return "issued but its charge was reversed in Collections"
        case "issued" where ledger.netCents == bill.totalCents:
            return "the ledger's tax part \(ledger.netTaxCents) differs from the bill's \(bill.taxCents)"
        case "issued":
            return "the ledger holds \(ledger.netCents) for a bill of \(bill.totalCents)"
        case "held":
            return "held, yet charged in Collections"
        default:
            return "cancelled, but its charge was not reversed"
        }
    }
}
