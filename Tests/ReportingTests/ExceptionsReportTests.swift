import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// The exceptions report over the socket: a VEE exception open then resolved (with VEE's
/// root cause and action and who resolved it), the bill it held and a skipped agreement.
final class ExceptionsReportTests: XCTestCase {
    func testVeeExceptionsHeldBillsAndSkipsByTypeAndAge() async throws {
        try await withReportingHost { host in
            try await host.residentialTariff()
            _ = try await host.moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-02-01", installRead: 1_000)
            let c = try await host.moveIn(name: "Carl Gauss", premise: "PC", meter: "EC", date: "2024-02-01", installRead: 10_000)
            let d = try await host.moveIn(name: "Dora Noether", premise: "PD", meter: "ED", date: "2024-02-01", installRead: 20_000, rateSchedule: "GONE-1")
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-03-07,1300,actual
                EC,2024-03-07,10300,actual
                ED,2024-03-07,20300,actual
                EA,2024-04-05,1600,actual
                EC,2024-04-05,10600,actual
                ED,2024-04-05,20600,actual
                EA,2024-05-07,1900,actual
                EC,2024-05-07,13600,actual
                ED,2024-05-07,20900,actual
                """)
            try await host.billAprilAndMay()

            let open = try await exceptions(host)
            XCTAssertEqual(open.rows.map(\.source), ["vee", "held_bill", "skipped"])
            let vee = open.rows[0]
            XCTAssertEqual(vee.type, "high_use (average)")
            XCTAssertEqual(vee.agreementID, c.agreement)
            XCTAssertEqual(vee.status, "open")
            XCTAssertTrue(vee.blocking)
            XCTAssertEqual(vee.date, "2024-05-07")
            XCTAssertEqual(vee.ageDays, 13)
            XCTAssertFalse(vee.rootCause.isEmpty)
            XCTAssertFalse(vee.action.isEmpty)
            XCTAssertEqual(vee.resolution, "")
            XCTAssertEqual(open.rows[1].reference, billID("2024-05", c.agreement))
            XCTAssertEqual(open.rows[1].ageDays, 12)
            XCTAssertTrue(open.rows[1].detail.hasPrefix("VEE: high_use (average)"), open.rows[1].detail)
            XCTAssertEqual(open.rows[2].agreementID, d.agreement)
            XCTAssertEqual(open.rows[2].detail, "no tariff with code 'GONE-1'")
            XCTAssertEqual(open.summary.counts.map { "\($0.source) \($0.type) \($0.open)/\($0.resolved)" },
                           ["held_bill held 1/0", "skipped skipped 1/0", "vee high_use 1/0"])
            XCTAssertEqual([open.summary.open07, open.summary.open830, open.summary.openOver30], [0, 2, 0])

            try await host.resolveVee(vee.reference, "accept", reason: "pool heater installed in April")
            let resolved = try await exceptions(host)
            XCTAssertEqual(resolved.rows.first?.status, "accepted")
            XCTAssertTrue(resolved.rows.first?.resolution.contains("pool heater installed in April") ?? false, resolved.rows.first?.resolution ?? "")
            XCTAssertEqual(resolved.summary.counts.map { "\($0.source) \($0.type) \($0.open)/\($0.resolved)" },
                           ["held_bill held 1/0", "skipped skipped 1/0", "vee high_use 0/1"])
            XCTAssertEqual([resolved.summary.open07, resolved.summary.open830, resolved.summary.openOver30], [0, 1, 0])

            let csv = try await SettleCLI.run(["report", "exceptions", "--cycle", "5", "--period", "2024-05", "--as-of", "2024-05-20", "--csv"], socket: host.directory + "/s.sock")
            XCTAssertEqual(csv.status, 0, csv.stderr)
            XCTAssertEqual(CSV.rows(csv.stdout).dropFirst().map { [$0[0], $0[7], $0[10]] }, [["vee", "accepted", "13"], ["held_bill", "held", "12"], ["skipped", "skipped", "0"]])
            // The CSV parses back to the JSON's rows and numbers.
            let json = try await SettleCLI.run(["report", "exceptions", "--cycle", "5", "--period", "2024-05", "--as-of", "2024-05-20", "--json"], socket: host.directory + "/s.sock")
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let jsonRows = try XCTUnwrap(object["rows"] as? [[String: Any]])
            let csvRows = Array(CSV.rows(csv.stdout).dropFirst())
            XCTAssertEqual(csvRows.count, jsonRows.count)
            for (row, json) in zip(csvRows, jsonRows) {
                XCTAssertEqual(row[0], json["source"] as? String)
                XCTAssertEqual(UInt64(row[5]), (json["agreement_id"] as? NSNumber)?.uint64Value ?? UInt64(json["agreement_id"] as? String ?? "0"))
                XCTAssertEqual(row[6], json["reference"] as? String ?? "")
                XCTAssertEqual(Int32(row[10]), (json["age_days"] as? NSNumber)?.int32Value ?? 0)
                XCTAssertEqual(row[11], json["detail"] as? String ?? "")
            }
        }
    }

    /// Rows of every page and the last page's summary.
    private func exceptions(_ host: ReportingHost) async throws -> (rows: [Settle_Reporting_V1_ExceptionRow], summary: Settle_Reporting_V1_ExceptionsSummary) {
        var request = Settle_Reporting_V1_GetExceptionsRequest()
        request.cycle = 5
        request.period = "2024-05"
        request.asOf = "2024-05-20"
        var rows: [Settle_Reporting_V1_ExceptionRow] = []
        var summary = Settle_Reporting_V1_ExceptionsSummary()
        for try await page in try await host.reporting.getExceptions(request) {
            rows += page.rows
            if page.last { summary = page.summary }
        }
        return (rows, summary)
    }
}
