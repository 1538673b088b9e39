import SettleContracts

/// Aging rows by rate class, by service and for the portfolio, and the checks that tie them
/// to the ledger: the classes (and the services) add up to the portfolio, the portfolio equals every entry up to the
/// date, and the trial balance (all entries) balances; what separates the trial balance from
/// the aging is then only what was posted with a later date, reported beside it.
enum AgingTie {
    static func report(asOf: String, aging: Settle_Collections_V1_GetAgingResponse,
                       trial: Settle_Collections_V1_CheckLedgerResponse) -> Settle_Reporting_V1_AgingReport {
        var report = Settle_Reporting_V1_AgingReport()
        report.asOf = asOf
        var classesTotal: Int64 = 0
        for (rateClass, buckets) in aging.byRateClass.sorted(by: { $0.key < $1.key }) {
            report.rows.append(row(rateClass, buckets))
            classesTotal += buckets.totalCents
        }
        report.rows.append(row("portfolio", aging.portfolio))
        var servicesTotal: Int64 = 0
        for (service, buckets) in aging.byServiceType.sorted(by: { $0.key < $1.key }) {
            report.serviceRows.append(row(service, buckets))
            servicesTotal += buckets.totalCents
        }
        if !aging.byServiceType.isEmpty, servicesTotal != aging.portfolio.totalCents {
            report.problems.append("the services add up to \(servicesTotal), the portfolio to \(aging.portfolio.totalCents)")
        }
        report.trialBalanceCents = trial.sumOfBalancesCents
        report.trialEntriesCents = trial.sumOfEntriesCents
        report.trialByKindCents = trial.byKindCents
        report.ledgerThroughAsOfCents = aging.ledgerTotalCents
        let portfolio = aging.portfolio.totalCents
        if classesTotal != portfolio {
            report.problems.append("the rate classes add up to \(classesTotal), the portfolio to \(portfolio)")
        }
        if portfolio != aging.ledgerTotalCents {
            report.problems.append("the portfolio's \(portfolio) is not the ledger's \(aging.ledgerTotalCents) up to \(asOf)")
        }
        if !trial.balanced || trial.sumOfBalancesCents != trial.sumOfEntriesCents {
            report.problems.append("the trial balance does not balance: balances \(trial.sumOfBalancesCents), entries \(trial.sumOfEntriesCents)")
        }
        report.problems += trial.problems.prefix(100)
        report.tiesToLedger = report.problems.isEmpty
        // Not a difference: what was posted with a later date is in the trial balance only.
        report.entriesAfterAsOfCents = trial.sumOfEntriesCents - aging.ledgerTotalCents
        return report
    }

    static func row(_ name: String, _ b: Settle_Collections_V1_AgingBuckets) -> Settle_Reporting_V1_AgingRow {
        var row = Settle_Reporting_V1_AgingRow()
        row.rateClass = name
        row.accounts = b.accounts
        row.currentCents = b.currentCents
        row.days130Cents = b.days130Cents
        row.days3160Cents = b.days3160Cents
        row.days6190Cents = b.days6190Cents
        row.days91120Cents = b.days91120Cents
        row.over120Cents = b.over120Cents
        row.creditCents = b.creditCents
        row.totalCents = b.totalCents
        return row
    }
}
