import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Revenue and consumption over two years of bills of one premise's four services, over the
/// socket with every real module, and through `settle report revenue`.
///
/// Reads on the 5th of each month from 2023-02-05 (install) to 2024-05-05 (the first
/// period, to 2023-03-05, is not a complete VEE period and is skipped); every month 300 kWh
/// and 4,000 gallons except 2023-05 (400 kWh, 5,000 gal), 2024-03 (250 kWh) and 2024-05
/// (500 kWh, 6,000 gal). RES-1: 10.00 × days / 30 + 0.10 / kWh + 5 % tax; W-1 10.00 + 5.00 per
/// 1,000 gal; WW-1 4.00 per 1,000 gal; SW-1 20.00.
///
/// | period | days | customer | energy | tax | electric | water | wastewater |
/// |---|---|---|---|---|---|---|---|
/// | 2023-04 | 31 | 10.33 | 30.00 | 2.02 | 42.35 | 30.00 | 16.00 |
/// | 2023-05 | 30 | 10.00 | 40.00 | 2.50 | 52.50 | 35.00 | 20.00 |
/// | 2024-03 | 29 | 9.67 | 25.00 | 1.73 | 36.40 | 30.00 | 16.00 |
/// | 2024-04 | 31 | 10.33 | 30.00 | 2.02 | 42.35 | 30.00 | 16.00 |
/// | 2024-05 | 30 | 10.00 | 50.00 | 3.00 | 63.00 | 40.00 | 24.00 |
final class RevenueReportTests: XCTestCase {
    func testRevenueByClassServiceAndComponentMonthOverMonthAndYearOverYear() async throws {
        try await withReportingHost { host in
            try await host.utilityTariffs()
            _ = try await host.moveInFourServices(name: "Ada Lovelace", premise: "PA", date: "2023-02-05")
            let months = periods("2023-03", "2024-05")
            try await host.billMonths(premise: "PA", months.map { period in
                switch period {
                case "2023-05": .init(period: period, kwh: 400, gallons: 5_000)
                case "2024-03": .init(period: period, kwh: 250, gallons: 4_000)
                case "2024-05": .init(period: period, kwh: 500, gallons: 6_000)
                default: .init(period: period, kwh: 300, gallons: 4_000)
                }
            })
            try await host.billPeriods(months)

            var request = Settle_Reporting_V1_GetRevenueReportRequest()
            request.period = "2024-05"
            request.months = 2
            let report = try await host.reporting.getRevenueReport(request)
            XCTAssertEqual(report.totals.map(\.month), ["2024-04", "2024-05"])
            // 2024-04: 42.35 + 30.00 + 16.00 + 20.00; the month before 36.40 + 30 + 16 + 20; 2023-04 as 2024-04.
            XCTAssertEqual(report.totals.map(\.amountCents), [10_835, 14_700])
            XCTAssertEqual(report.totals.map(\.previousMonthCents), [10_240, 10_835])
            XCTAssertEqual(report.totals.map(\.lastYearCents), [10_835, 12_750])
            XCTAssertEqual(report.totals.map(\.bills), [4, 4])
            XCTAssertEqual(report.totals.map(\.kwh), [300, 500])
            XCTAssertEqual(report.totals.map(\.gallons), [4_000, 6_000])

            func row(_ month: String, _ service: String, _ component: String) throws -> Settle_Reporting_V1_RevenueRow {
                try XCTUnwrap(report.rows.first { $0.month == month && $0.serviceType == service && $0.component == component }, "\(month) \(service) \(component)")
            }
            let may = try row("2024-05", "electric", "total")
            XCTAssertEqual([may.amountCents, may.previousMonthCents, may.lastYearCents], [6_300, 4_235, 5_250])
            XCTAssertEqual([may.usage, may.previousMonthUsage, may.lastYearUsage], [500, 300, 400])
            XCTAssertEqual(may.unit, "kWh")
            XCTAssertEqual(may.bills, 1)
            XCTAssertEqual(may.rateClass, "residential")
            let energy = try row("2024-05", "electric", "energy")
            XCTAssertEqual([energy.amountCents, energy.previousMonthCents, energy.lastYearCents], [5_000, 3_000, 4_000])
            let customer = try row("2024-04", "electric", "customer")
            XCTAssertEqual([customer.amountCents, customer.previousMonthCents, customer.lastYearCents], [1_033, 967, 1_033])
            let tax = try row("2024-04", "electric", "tax")
            XCTAssertEqual([tax.amountCents, tax.previousMonthCents, tax.lastYearCents], [202, 173, 202])
            let water = try row("2024-05", "water", "total")
            XCTAssertEqual([water.amountCents, water.previousMonthCents, water.lastYearCents], [4_000, 3_000, 3_500])
            XCTAssertEqual([water.usage, water.previousMonthUsage, water.lastYearUsage], [6_000, 4_000, 5_000])
            XCTAssertEqual(try row("2024-05", "wastewater", "total").amountCents, 2_400)
            XCTAssertEqual(try row("2024-05", "wastewater", "total").lastYearCents, 2_000)
            XCTAssertEqual(try row("2024-05", "solid_waste", "total").unit, "")
            // Every group's components add up to its total, this month, the one before and last year.
            for total in report.rows where total.component == "total" {
                let parts = report.rows.filter { $0.month == total.month && $0.serviceType == total.serviceType && $0.rateClass == total.rateClass && $0.component != "total" }
                XCTAssertEqual(parts.map(\.amountCents).reduce(0, +), total.amountCents, "\(total.month) \(total.serviceType)")
                XCTAssertEqual(parts.map(\.previousMonthCents).reduce(0, +), total.previousMonthCents)
                XCTAssertEqual(parts.map(\.lastYearCents).reduce(0, +), total.lastYearCents)
            }

            request.months = 37
            let months37 = await assertRPCError(.invalidArgument) { try await host.reporting.getRevenueReport(request) }
            XCTAssertEqual(months37?.message, "months: 37 months; at most 36")

            // The command line: --csv parses back to --json's numbers, row for row.
            let socket = host.directory + "/s.sock"
            let arguments = ["report", "revenue", "--period", "2024-05", "--months", "2"]
            let csv = try await SettleCLI.run(arguments + ["--csv"], socket: socket)
            XCTAssertEqual(csv.status, 0, csv.stderr)
            let json = try await SettleCLI.run(arguments + ["--json"], socket: socket)
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let jsonRows = try XCTUnwrap(object["rows"] as? [[String: Any]])
            let rows = CSV.rows(csv.stdout)
            XCTAssertEqual(rows.first, ["month", "rate_class", "service_type", "component", "amount_cents", "lines", "previous_month_cents", "last_year_cents",
                                        "bills", "usage", "previous_month_usage", "last_year_usage", "unit"])
            XCTAssertEqual(rows.count - 1, jsonRows.count)
            XCTAssertEqual(jsonRows.count, report.rows.count)
            for (row, object) in zip(rows.dropFirst(), jsonRows) {
                XCTAssertEqual(row[0], object["month"] as? String)
                XCTAssertEqual(row[2], object["service_type"] as? String)
                XCTAssertEqual(row[3], object["component"] as? String)
                for (index, key) in [(4, "amount_cents"), (6, "previous_month_cents"), (7, "last_year_cents"), (8, "bills"), (9, "usage"), (11, "last_year_usage")] {
                    XCTAssertEqual(Int64(row[index]), (object[key] as? NSNumber)?.int64Value ?? 0, "\(key) of \(row)")
                }
            }
            let table = try await SettleCLI.run(arguments, socket: socket)
            XCTAssertEqual(table.status, 0, table.stderr)
            XCTAssertTrue(table.stdout.contains("2024-05: 4 bills $147.00"), table.stdout)
            let html = try await SettleCLI.run(arguments + ["--html"], socket: socket)
            XCTAssertTrue(html.stdout.hasPrefix("<!DOCTYPE html>"))
            XCTAssertEqual(html.stdout.components(separatedBy: "<tr>").count - 2, report.rows.count, "a row per report row beside the header")
        }
    }
}
