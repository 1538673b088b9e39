import Foundation
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// The demo's last phase: a few problems planted for the anomaly scan to find (an agreement
/// at a premise with no meter, one whose meter was never read, a tax exemption about to
/// expire, a draft tariff with no test scenario — beside the zero-use and missing-read
/// accounts the plan already holds), then the reports written as self-contained HTML files in
/// the data folder's `reports/`, with the scan's counts in the summary.
struct DemoReports {
    let run: DemoRun
    /// Where the files go: `<data folder>/reports`.
    let folder: String

    var reporting: ReportingV1.Client { ReportingV1.Client(transport: run.connection) }
    var calendar: DemoCalendar { run.calendar }
    /// The scan runs ten days after the bills' date (the first of the next month).
    var asOf: String { "\(calendar.period(back: -1))-10" }

    func runAll(numbers: [Int: String], summary: inout DemoSummary) async throws {
        try await plant(summary: &summary)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let period = calendar.billedPeriod
        var written: [String] = []
        func write(_ name: String, _ html: String) throws {
            let path = (folder as NSString).appendingPathComponent(name)
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
            written.append(path)
        }
        if let account = numbers.sorted(by: { $0.key < $1.key }).first?.value {
            let research = try await reporting.getAccountResearch(.with { $0.accountNumber = account; $0.asOf = asOf; $0.html = true }, options: DemoRun.longCall)
            try write("research-\(account).html", research.html)
            if let statement = try? await reporting.getStatement(.with { $0.accountNumber = account; $0.period = period; $0.html = true }, options: DemoRun.longCall) {
                try write("statement-\(account)-\(period).html", statement.html)
            }
        }
        var register = Settle_Reporting_V1_RegisterSummary()
        for try await page in try await reporting.getBillingRegister(.with { $0.cycle = 0; $0.period = period; $0.pageSize = 10_000 }, options: DemoRun.longCall) where page.last {
            register = page.summary
        }
        try write("register-\(period).html", DemoReportHTML.register(register))
        var findings: [Settle_Reporting_V1_Anomaly] = []
        var scan = Settle_Reporting_V1_AnomaliesSummary()
        for try await page in try await reporting.getAnomalies(.with { $0.asOf = asOf; $0.period = period; $0.pageSize = 10_000 }, options: DemoRun.longCall) {
            findings += page.anomalies.prefix(max(0, 2_000 - findings.count))
            if page.last { scan = page.summary }
        }
        try write("anomalies-\(asOf).html", DemoReportHTML.anomalies(scan, findings: findings))
        let revenue = try await reporting.getRevenueReport(.with { $0.period = period; $0.months = 1 }, options: DemoRun.longCall)
        try write("revenue-\(period).html", DemoReportHTML.revenue(revenue))

        summary.reports.append(("written to", folder))
        for path in written { summary.reports.append(("  file", path)) }
        summary.reports.append(("register \(period), every cycle", "\(register.agreements) agreements, \(register.billed) billed, \(register.held) held, \(register.skipped) skipped, \(register.notBilled) not billed; \(register.tiesToLedger ? "ties to the ledger" : "DOES NOT TIE (\(register.differences.count) differences)")"))
        summary.reports.append(("anomaly scan as of \(asOf)", "\(scan.findings) findings"))
        for count in scan.counts { summary.reports.append(("  " + count.rule, DemoFormat.count(Int(count.findings)))) }
    }

    /// The planted problems; fixed idempotency keys make a second demo run change nothing.
    private func plant(summary: inout DemoSummary) async throws {
        let accounts = run.accountsClient, metering = run.metering, prefix = run.keyPrefix
        let start = calendar.serviceStart
        for (premise, meter) in [("DEMO-NO-METER", nil), ("DEMO-UNREAD", "DEMO-UNREAD-1")] as [(String, String?)] {
            _ = try await accounts.createPremise(.with {
                $0.idempotencyKey = "\(prefix)-plant-\(premise)"
                $0.premiseID = premise
                $0.serviceAddress = .with { $0.line1 = "1 \(premise) Way"; $0.city = "Settle"; $0.state = "TX"; $0.postalCode = "78701" }
                $0.weatherZone = "central"
                $0.premiseType = "residential"
            })
            if let meter {
                _ = try await metering.addMeter(.with {
                    $0.idempotencyKey = "\(prefix)-plant-\(meter)"; $0.serial = meter; $0.serviceType = "electric"; $0.kind = "register"; $0.dials = 5; $0.form = "2S"; $0.serviceAmps = 200
                })
                _ = try await metering.installMeter(.with {
                    $0.idempotencyKey = "\(prefix)-plant-\(meter)-install"; $0.serial = meter; $0.premiseID = premise; $0.date = start
                    $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
                })
                _ = try await metering.activateMeter(.with { $0.idempotencyKey = "\(prefix)-plant-\(meter)-activate"; $0.serial = meter })
            }
            let customer = try await accounts.createCustomer(.with {
                $0.idempotencyKey = "\(prefix)-plant-\(premise)-customer"; $0.kind = "person"; $0.name = "Planted \(premise)"; $0.contact.phone = "512-555-0199"
            }).customer.id
            _ = try await accounts.moveIn(.with {
                $0.idempotencyKey = "\(prefix)-plant-\(premise)-move-in"
                $0.customerID = customer
                $0.premiseID = premise
                $0.date = start
                $0.billCycle = 1
                $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = "RES"; $0.rateClass = "residential" }]
            })
        }
        if let first = try await accounts.listCustomers(.with { $0.pageSize = 1 }).customers.first {
            _ = try await accounts.addTaxExemption(.with {
                $0.idempotencyKey = "\(prefix)-plant-exemption"
                $0.customerID = first.id
                $0.taxType = "sales-tax"
                $0.certificateNumber = "DEMO-EXPIRING"
                $0.effectiveDate = start
                $0.expiryDate = calendar.date(dayNumber: calendar.dayNumber(asOf) + 20)
            })
        }
        let rating = RatingV1.Client(transport: run.connection)
        if try await rating.listTariffs(.init()).tariffs.contains(where: { $0.code == "DEMO-DRAFT" }) == false {
            _ = try await rating.createTariff(.with {
                $0.idempotencyKey = "\(prefix)-plant-draft"; $0.code = "DEMO-DRAFT"; $0.name = "Draft with no scenario"; $0.rateClass = "residential"; $0.serviceType = "electric"
            })
            _ = try await rating.saveTariffVersion(.with {
                $0.idempotencyKey = "\(prefix)-plant-draft-v1"
                $0.version = .with { $0.code = "DEMO-DRAFT"; $0.effectiveFrom = "\(calendar.period(back: -2))-01"; $0.customerCharge = .with { $0.amount = "12"; $0.per = "month" } }
            }, options: CallOptions(metadata: [MetadataKey.reason: "planted: a draft without test scenarios"]))
        }
        for plant in ["agreement_without_meter", "agreement_without_reads", "exemption_expiring_in_20_days", "tariff_without_scenarios"] {
            summary.planted["report_" + plant, default: 0] += 1
        }
    }
}
