import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// The anomaly scan over the socket with every real module: nothing on a clean utility, then
/// each rule finding exactly what was planted for it, with its entities and a suggested action.
///
/// Clean: A and B (RES-1, 300 kWh a month) billed 2024-03 to 2024-05, read on the 5th; the
/// scan runs as of 2024-06-10 (reads count from 2024-04-26) over May's bills.
final class AnomalyScanTests: XCTestCase {
    func testEveryRuleFiresOnPlantedDataAndNoneOnCleanData() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            let a = try await host.moveIn(name: "Customer A", premise: "PA", meter: "EA", date: "2024-01-05")
            let b = try await host.moveIn(name: "Customer B", premise: "PB", meter: "EB", date: "2024-01-05")
            try await host.importReads(Self.reads(["EA", "EB"], monthly: 300))
            try await host.billPeriods(periods("2024-02", "2024-05"), highBillMultiple: "10")

            let clean = try await Self.scan(host)
            XCTAssertEqual(clean.anomalies.map(\.detail), [], "a clean utility has no finding")
            XCTAssertEqual(clean.summary.counts.map(\.rule), AnomalyScanTests.rules)
            XCTAssertEqual(clean.summary.counts.map(\.findings), Array(repeating: 0, count: 10))
            XCTAssertEqual(clean.summary.period, "2024-05", "the month before as_of")

            // Planted: a tariff billing energy only (so zero use bills 0.00) and a draft with no scenario.
            try await host.energyOnlyTariff()
            _ = try await host.maker.createTariff(.with { $0.idempotencyKey = freshKey("tariff"); $0.code = "DRAFT-1"; $0.rateClass = "residential"; $0.serviceType = "electric" })
            _ = try await host.maker.saveTariffVersion(.with {
                $0.idempotencyKey = freshKey("save")
                $0.version = .with { $0.code = "DRAFT-1"; $0.effectiveFrom = "2024-07-01"; $0.customerCharge = .with { $0.amount = "12"; $0.per = "month" } }
            })
            // VEE and Rating let every planted bill through, so they are issued for the scan to see.
            var thresholds = try await host.metering.getVeeThresholds(.with { $0.rateClass = "residential" })
            thresholds.rateClass = "residential"
            thresholds.highUsePercent = 100_000
            thresholds.lowUsePercent = 0
            _ = try await host.metering.setVeeThresholds(.with { $0.idempotencyKey = freshKey("vee"); $0.thresholds = thresholds })

            let noMeter = try await host.moveIn(name: "No Meter", premise: "PN", meter: nil, date: "2024-01-05")
            let unread = try await host.moveIn(name: "Unread", premise: "PG", meter: "EG", date: "2024-01-05")
            let zero = try await host.moveIn(name: "Zero Use", premise: "PZ", meter: "EZ", date: "2024-01-05", rateSchedule: "ENERGY-1")
            let high = try await host.moveIn(name: "High Bill", premise: "PH", meter: "EH", date: "2024-01-05")
            let big = try await host.moveIn(name: "Big User", premise: "PR", meter: "ER", date: "2024-01-05")
            try await host.importReads(Self.reads(["EZ"], monthly: 300, may: 0) + Self.reads(["EH"], monthly: 300, may: 1_500).dropFirst(25)
                                       + Self.reads(["ER"], monthly: 12_000).dropFirst(25))
            // A meter read at a premise where nobody has an agreement.
            _ = try await host.accounts.createPremise(.with {
                $0.idempotencyKey = freshKey("premise"); $0.premiseID = "PX"; $0.weatherZone = "north"; $0.premiseType = "residential"
                $0.serviceAddress = .with { $0.line1 = "9 Empty St"; $0.city = "Springfield"; $0.state = "IL"; $0.postalCode = "62701" }
            })
            try await host.installMeter("EX", premise: "PX", date: "2024-04-01")
            try await host.importReads("meter,read_at,value,kind\nEX,2024-05-05,100,actual\n")
            try await host.billPeriods(periods("2024-02", "2024-05"), highBillMultiple: "10")
            // Moved in after May's run: in service in May, never billed for it.
            let late = try await host.moveIn(name: "Late Mover", premise: "PL", meter: "EL", date: "2024-05-20")
            // B's May charge reversed in Collections behind Rating's back.
            _ = try await host.collections.reverseBillCharges(.with { $0.idempotencyKey = freshKey("planted"); $0.billID = billID("2024-05", b.agreement); $0.entryDate = "2024-05-09" })
            // A's customer's sales-tax exemption runs out on 2024-06-25, 15 days after the scan.
            let customer = try await host.accounts.getAccount(.with { $0.accountNumber = a.account }).account.customerID
            _ = try await host.accounts.addTaxExemption(.with {
                $0.idempotencyKey = freshKey("exempt"); $0.customerID = customer; $0.taxType = "sales-tax"; $0.certificateNumber = "EX-77"
                $0.effectiveDate = "2023-06-26"; $0.expiryDate = "2024-06-25"
            })

            // Rating holds the zero bill; a supervisor releases it, and the scan still sees it.
            let zeroHeld = try await host.bill(billID("2024-05", zero.agreement))
            XCTAssertEqual(zeroHeld.holdReasons, ["zero or negative bill (0.00) on an active account"])
            _ = try await host.checker.releaseBill(.with { $0.idempotencyKey = freshKey("release"); $0.billID = zeroHeld.id; $0.reason = "vacation home, no use in May" })
            let planted = try await Self.scan(host, pageSize: 3)
            XCTAssertGreaterThan(planted.pages, 3, "findings stream in pages of 3")
            XCTAssertEqual(planted.summary.counts.map(\.findings), Array(repeating: 1, count: 10), "\(planted.anomalies.map { "\($0.rule): \($0.detail)" })")
            XCTAssertEqual(planted.summary.findings, 10)
            func finding(_ rule: String) throws -> Settle_Reporting_V1_Anomaly { try XCTUnwrap(planted.anomalies.first { $0.rule == rule }, rule) }
            XCTAssertEqual(try finding("agreement_without_meter").agreementID, noMeter.agreement)
            XCTAssertEqual(try finding("agreement_without_meter").entities, ["account \(noMeter.account)", "agreement \(noMeter.agreement)", "premise PN"])
            XCTAssertEqual(try finding("agreement_without_reads").agreementID, unread.agreement)
            XCTAssertEqual(try finding("agreement_without_reads").detail, "the last read of meter EG was on 2024-01-05, more than 45 days before 2024-06-10")
            XCTAssertEqual(try finding("meter_without_agreement").entities, ["meter EX", "premise PX"])
            XCTAssertEqual(try finding("account_not_billed").agreementID, late.agreement)
            let zeroBill = try finding("zero_or_negative_bill")
            XCTAssertEqual([zeroBill.agreementID, UInt64(zeroBill.amountCents)], [zero.agreement, 0])
            XCTAssertTrue(zeroBill.entities.contains("bill \(billID("2024-05", zero.agreement))"))
            let above = try finding("bill_above_history")
            XCTAssertEqual(above.agreementID, high.agreement)
            // May (30 days, 1,500 kWh): 10.00 + 150.00 + 8.00 tax, against March (29 days) 41.65 and April (31 days) 42.35.
            XCTAssertEqual(above.amountCents, 16_800)
            XCTAssertEqual(above.detail, "bill \(billID("2024-05", high.agreement)) totals $168.00 against an average of $42.00 over 2 earlier bill(s)")
            XCTAssertEqual(try finding("rate_class_mismatch").agreementID, big.agreement)
            XCTAssertEqual(try finding("rate_class_mismatch").detail, "residential bill \(billID("2024-05", big.agreement)) with 0 kW demand and 12000 kWh")
            let difference = try finding("ledger_register_difference")
            XCTAssertEqual([difference.agreementID, UInt64(-difference.amountCents)], [b.agreement, 4_200])
            XCTAssertTrue(difference.detail.hasSuffix("issued but its charge was reversed in Collections"), difference.detail)
            let exemption = try finding("exemption_expiring")
            XCTAssertEqual(exemption.entities, ["customer \(customer)", "account \(a.account)", "certificate EX-77"])
            XCTAssertTrue(exemption.detail.hasSuffix("sales-tax exemption (certificate EX-77) expires on 2024-06-25, in 15 day(s)"), exemption.detail)
            XCTAssertEqual(try finding("tariff_without_scenarios").entities, ["tariff DRAFT-1@1"])
            XCTAssertTrue(planted.anomalies.allSatisfy { !$0.suggestedAction.isEmpty && !$0.entities.isEmpty })

            // settle report anomalies: each finding as it arrives, counts by rule, exit 1; --csv parses back to --json.
            let socket = host.directory + "/s.sock"
            let arguments = ["report", "anomalies", "--as-of", "2024-06-10"]
            let table = try await SettleCLI.run(arguments, socket: socket)
            XCTAssertEqual(table.status, 1, table.stderr)
            XCTAssertTrue(table.stdout.contains("as of 2024-06-10, bills of 2024-05: 10 finding(s)"), table.stdout)
            XCTAssertTrue(table.stdout.contains("zero_or_negative_bill: 1"), table.stdout)
            let csv = try await SettleCLI.run(arguments + ["--csv"], socket: socket)
            let json = try await SettleCLI.run(arguments + ["--json"], socket: socket)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let jsonRows = try XCTUnwrap(object["anomalies"] as? [[String: Any]])
            let csvRows = Array(CSV.rows(csv.stdout).dropFirst())
            XCTAssertEqual(csvRows.count, 10)
            XCTAssertEqual(csvRows.count, jsonRows.count)
            for (row, json) in zip(csvRows, jsonRows) {
                XCTAssertEqual(row[0], json["rule"] as? String)
                XCTAssertEqual(Int64(row[3]), (json["amount_cents"] as? NSNumber)?.int64Value ?? 0)
                XCTAssertEqual(row[5], json["detail"] as? String)
            }
        }
    }

    static let rules = ["agreement_without_meter", "agreement_without_reads", "meter_without_agreement", "account_not_billed", "zero_or_negative_bill",
                        "bill_above_history", "rate_class_mismatch", "ledger_register_difference", "exemption_expiring", "tariff_without_scenarios"]

    /// Register reads on the 5th of 2024-02 to 2024-05, `monthly` kWh each (May's `may`).
    static func reads(_ meters: [String], monthly: Int64, may: Int64? = nil) -> String {
        var csv = "meter,read_at,value,kind\n"
        for meter in meters {
            var value: Int64 = 0
            for period in periods("2024-02", "2024-05") {
                value += period == "2024-05" ? (may ?? monthly) : monthly
                csv += "\(meter),\(period)-05,\(value),actual\n"
            }
        }
        return csv
    }

    static func scan(_ host: ReportingHost, pageSize: UInt32 = 0) async throws -> (anomalies: [Settle_Reporting_V1_Anomaly], summary: Settle_Reporting_V1_AnomaliesSummary, pages: Int) {
        var request = Settle_Reporting_V1_GetAnomaliesRequest()
        request.asOf = "2024-06-10"
        request.pageSize = pageSize
        var anomalies: [Settle_Reporting_V1_Anomaly] = [], summary = Settle_Reporting_V1_AnomaliesSummary(), pages = 0
        for try await page in try await host.reporting.getAnomalies(request) {
            pages += 1
            anomalies += page.anomalies
            if page.last { summary = page.summary }
        }
        return (anomalies, summary, pages)
    }
}

extension ReportingHost {
    /// ENERGY-1: 0.10 / kWh and nothing else, active from 2020.
    func energyOnlyTariff() async throws {
        var version = Settle_Rating_V1_TariffVersion()
        version.code = "ENERGY-1"
        version.effectiveFrom = "2020-01-01"
        version.energy.periods = [.with { $0.name = "all"; $0.tiers = [.with { $0.rate = "0.10" }] }]
        version.scenarios = [.with {
            $0.name = "500 kWh"
            $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.deliveredWh = 500_000 }
            $0.expectedTotalCents = 5_000
        }]
        try await tariffs.activate(version)
    }

    /// An electric meter installed (read 0) and activated at a premise.
    func installMeter(_ serial: String, premise: String, date: String) async throws {
        _ = try await metering.addMeter(.with {
            $0.idempotencyKey = freshKey("meter"); $0.serial = serial; $0.serviceType = "electric"; $0.kind = "register"; $0.dials = 5; $0.form = "2S"; $0.serviceAmps = 200
        })
        _ = try await metering.installMeter(.with {
            $0.idempotencyKey = freshKey("install"); $0.serial = serial; $0.premiseID = premise; $0.date = date
            $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
        })
        _ = try await metering.activateMeter(.with { $0.idempotencyKey = freshKey("activate"); $0.serial = serial })
    }
}
