import SettleContracts
import SettleDomain

/// Revenue and consumption of issued bills summed by month, rate class, service type and
/// component. It keeps sums, never bills, so a year of a large utility is a few hundred
/// entries.
struct RevenueTally: Sendable {
    struct Group: Sendable {
        var bills: UInt32 = 0
        var cents: Int64 = 0
        var thousandths: Int64 = 0
        var components: [String: (cents: Int64, lines: UInt32)] = [:]
    }

    struct Key: Hashable, Comparable, Sendable {
        let rateClass: String
        let serviceType: String
        static func < (a: Key, b: Key) -> Bool { (a.rateClass, a.serviceType) < (b.rateClass, b.serviceType) }
    }

    private(set) var months: [String: [Key: Group]] = [:]

    /// Adds an issued bill to its month (the bill's period); other statuses carry no revenue.
    mutating func add(_ bill: Settle_Rating_V1_Bill) {
        guard bill.status == "issued" else { return }
        let key = Key(rateClass: bill.rateClass, serviceType: bill.serviceType)
        var group = months[bill.period, default: [:]][key, default: Group()]
        group.bills += 1
        group.cents += bill.rated.totalCents
        group.thousandths += BillUsage(bill).thousandths
        for line in bill.rated.lines {
            group.components[line.component, default: (0, 0)].cents += line.amountCents
            group.components[line.component, default: (0, 0)].lines += 1
        }
        months[bill.period, default: [:]][key] = group
    }

    /// The report for `reported` months (oldest first): each group's "total" row then its
    /// components by name, each beside the month before and the same month last year.
    func report(period: YearMonth, reported: [YearMonth]) -> Settle_Reporting_V1_RevenueReport {
        var report = Settle_Reporting_V1_RevenueReport()
        report.period = period.description
        report.months = UInt32(reported.count)
        for month in reported {
            let now = months[month.description] ?? [:]
            let before = months[month.adding(months: -1).description] ?? [:]
            let lastYear = months[month.adding(months: -12).description] ?? [:]
            var total = Settle_Reporting_V1_RevenueMonth()
            total.month = month.description
            for key in Set(now.keys).union(before.keys).union(lastYear.keys).sorted() {
                let (n, b, l) = (now[key] ?? Group(), before[key] ?? Group(), lastYear[key] ?? Group())
                var row = Settle_Reporting_V1_RevenueRow()
                row.month = month.description
                row.rateClass = key.rateClass
                row.serviceType = key.serviceType
                row.component = "total"
                row.amountCents = n.cents
                row.lines = n.components.values.reduce(0) { $0 + $1.lines }
                row.previousMonthCents = b.cents
                row.lastYearCents = l.cents
                row.bills = n.bills
                row.previousMonthBills = b.bills
                row.lastYearBills = l.bills
                row.unit = BillUsage.unit(of: key.serviceType)
                row.usage = BillUsage.whole(n.thousandths)
                row.previousMonthUsage = BillUsage.whole(b.thousandths)
                row.lastYearUsage = BillUsage.whole(l.thousandths)
                report.rows.append(row)
                for component in Set(n.components.keys).union(b.components.keys).union(l.components.keys).sorted() {
                    var line = Settle_Reporting_V1_RevenueRow()
                    line.month = row.month
                    line.rateClass = key.rateClass
                    line.serviceType = key.serviceType
                    line.component = component
                    line.amountCents = n.components[component]?.cents ?? 0
                    line.lines = n.components[component]?.lines ?? 0
                    line.previousMonthCents = b.components[component]?.cents ?? 0
                    line.lastYearCents = l.components[component]?.cents ?? 0
                    report.rows.append(line)
                }
                total.bills += n.bills
                total.amountCents += n.cents
                total.previousMonthCents += b.cents
                total.lastYearCents += l.cents
                if row.unit == "kWh" { total.kwh += row.usage } else if key.serviceType == "water" { total.gallons += row.usage }
            }
            report.totals.append(total)
        }
        return report
    }
}
