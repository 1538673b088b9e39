import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Trends and outliers on planted data, over the socket with every real module.
///
/// Five residential electric accounts (A–E) use 300 kWh every month from 2023-04 to 2024-05;
/// E's meter reads 1,500 kWh for 2024-05 (a meter problem: VEE holds the bill, trends still
/// see it). F moves in 2024-03-05 and is first billed for 2024-05 (no last year). Every
/// 2024-05 period runs 04-05 → 05-05, 30 days: A–D and F use 10 kWh a day, E 50.
/// Class mean (5 × 10 + 50) / 6 = 16.67; population standard deviation √(5 × 6.67² + 33.33²) / 6)
/// = 14.91; z(E) = 33.33 / 14.91 = 2.24, z(others) = −0.45; E is 3.00 × the class average and
/// +400 % on its own May 2023 (10 kWh a day).
final class TrendsReportTests: XCTestCase {
    func testTrendsFindThePlantedOutlierByZScoreWithinItsClassAndYearOverYear() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            var agreements: [String: UInt64] = [:]
            for name in ["A", "B", "C", "D", "E"] {
                agreements[name] = try await host.moveIn(name: "Customer \(name)", premise: "P\(name)", meter: "E\(name)", date: "2023-03-05").agreement
            }
            agreements["F"] = try await host.moveIn(name: "Customer F", premise: "PF", meter: "EF", date: "2024-03-05").agreement
            var csv = "meter,read_at,value,kind\n"
            for (index, period) in periods("2023-04", "2024-05").enumerated() {
                for name in ["A", "B", "C", "D", "E"] {
                    let value = Int64(index + 1) * 300 + (name == "E" && period == "2024-05" ? 1_200 : 0)
                    csv += "E\(name),\(period)-05,\(value),actual\n"
                }
            }
            csv += "EF,2024-04-05,300,actual\nEF,2024-05-05,600,actual\n"
            try await host.importReads(csv)
            try await host.billPeriods(periods("2023-04", "2024-05"))

            var request = Settle_Reporting_V1_GetTrendsRequest()
            request.period = "2024-05"
            request.top = 3
            request.allRows = true
            request.pageSize = 4
            var pages: [Settle_Reporting_V1_TrendsPage] = []
            for try await page in try await host.reporting.getTrends(request) { pages.append(page) }
            XCTAssertEqual(pages.map(\.rows.count), [4, 2], "six agreements in pages of four, the summary on the last")
            XCTAssertEqual(pages.map(\.last), [false, true])
            let rows = pages.flatMap(\.rows)
            let byAgreement = Dictionary(uniqueKeysWithValues: rows.map { ($0.agreementID, $0) })
            let e = try XCTUnwrap(byAgreement[agreements["E"]!])
            XCTAssertEqual(e.usage, 1_500)
            XCTAssertEqual(e.days, 30)
            XCTAssertTrue(e.hasLastYear_p)
            XCTAssertEqual(e.lastYearUsage, 300)
            XCTAssertEqual(e.yearOverYearPercent, 400)
            XCTAssertEqual(e.classRatio, 3)
            XCTAssertEqual(e.zScore, 2.24)
            let a = try XCTUnwrap(byAgreement[agreements["A"]!])
            XCTAssertEqual([a.usage, a.lastYearUsage], [300, 300])
            XCTAssertEqual(a.yearOverYearPercent, 0)
            XCTAssertEqual(a.classRatio, 0.6)
            XCTAssertEqual(a.zScore, -0.45)
            let f = try XCTUnwrap(byAgreement[agreements["F"]!])
            XCTAssertFalse(f.hasLastYear_p, "F had no bill in May 2023")
            XCTAssertEqual(f.zScore, -0.45)

            let summary = try XCTUnwrap(pages.last?.summary)
            XCTAssertEqual(summary.measure, "z-score of use per day within rate class and service type")
            XCTAssertEqual(summary.agreements, 6)
            XCTAssertEqual(summary.classes.map { "\($0.rateClass) \($0.serviceType) \($0.agreements)" }, ["residential electric 6"])
            XCTAssertEqual(summary.classes.first?.meanPerDay, 16.67)
            XCTAssertEqual(summary.classes.first?.stddevPerDay, 14.91)
            XCTAssertEqual(summary.classes.first?.usage, 3_000)
            XCTAssertEqual(summary.classes.first?.lastYearUsage, 1_500)
            XCTAssertEqual(summary.outliers.map(\.agreementID), [agreements["E"]!, agreements["A"]!, agreements["B"]!], "E first, then the ties by agreement")

            // Without all_rows, only the summary.
            request.allRows = false
            var only: [Settle_Reporting_V1_TrendsPage] = []
            for try await page in try await host.reporting.getTrends(request) { only.append(page) }
            XCTAssertEqual(only.count, 1)
            XCTAssertEqual(only.first?.summary.outliers.map(\.agreementID), summary.outliers.map(\.agreementID))
            request.top = 1_001
            let top = await assertRPCError(.invalidArgument) { for try await _ in try await host.reporting.getTrends(request) {} }
            XCTAssertEqual(top?.message, "top: 1001 outliers; at most 1000")

            // settle report trends: --csv's rows parse back to --json's numbers.
            let socket = host.directory + "/s.sock"
            let arguments = ["report", "trends", "--period", "2024-05", "--top", "3", "--all"]
            let csvRun = try await SettleCLI.run(arguments + ["--csv"], socket: socket)
            XCTAssertEqual(csvRun.status, 0, csvRun.stderr)
            let jsonRun = try await SettleCLI.run(arguments + ["--json"], socket: socket)
            XCTAssertEqual(jsonRun.status, 0, jsonRun.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(jsonRun.stdout.utf8)) as? [String: Any])
            let jsonRows = try XCTUnwrap(object["rows"] as? [[String: Any]]) + (try XCTUnwrap((object["summary"] as? [String: Any])?["outliers"] as? [[String: Any]]))
            let csvRows = CSV.rows(csvRun.stdout).dropFirst()
            XCTAssertEqual(csvRows.map { $0[0] }, Array(repeating: "agreement", count: 6) + Array(repeating: "outlier", count: 3))
            XCTAssertEqual(csvRows.count, jsonRows.count)
            for (row, json) in zip(csvRows, jsonRows) {
                XCTAssertEqual(UInt64(row[1]), (json["agreement_id"] as? NSNumber)?.uint64Value)
                XCTAssertEqual(Int64(row[6]), (json["usage"] as? NSNumber)?.int64Value ?? 0)
                XCTAssertEqual(Double(row[12]), (json["class_ratio"] as? NSNumber)?.doubleValue ?? 0)
                XCTAssertEqual(Double(row[13]), (json["z_score"] as? NSNumber)?.doubleValue ?? 0)
            }
            let table = try await SettleCLI.run(["report", "trends", "--period", "2024-05", "--top", "1"], socket: socket)
            XCTAssertEqual(table.status, 0, table.stderr)
            XCTAssertTrue(table.stdout.contains("outlier") && table.stdout.contains("+2.24") && table.stdout.contains("+400.0"), table.stdout)
        }
    }
}
