import GRDB
import SettleModuleSDK
import Synchronization
@testable import SettleRating
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// `ListBillColumns` and the register read the facts each bill row keeps beside its body
/// (`components`, `use_thousandths`, `max_demand_w`); bills stored before those columns
/// existed are read from their bodies, with the same answers.
final class BillColumnsTests: XCTestCase {
    /// Issued, held (VEE and zero), a released bill, a cancelled one and a cancel/rebill.
    private func billMixedCycle(_ host: RatingHost) async throws -> [Settle_Rating_V1_Bill] {
        try await BillingRunTests.setUpTariffs(host)
        let book = host.neighbours
        let normal = book.agreement(1, account: "100001", customer: "C1", tariff: "RES-1")
        let vee = book.agreement(2, account: "100002", customer: "C2", tariff: "RES-1")
        let zero = book.agreement(3, account: "100003", customer: "C3", tariff: "RES-1")
        let taxed = book.agreement(4, account: "100004", customer: "C4", tariff: "SGS", rateClass: "small_commercial")
        let held = book.agreement(5, account: "100005", customer: "C5", tariff: "RES-1")
        try await BillingRunTests.setUpZeroTariff(host)
        book.agreements.withLock { $0[2].rateSchedule = "ZERO" }
        let period = "2024-05"
        book.determinants(for: normal, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 812) { $0.maxDemandW = 4_250 }
        book.determinants(for: vee, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 700) {
            $0.held = true
            $0.holdReasons = ["high_use: 700 kWh is 350% of the history"]
        }
        book.determinants(for: book.agreements.withLock { $0[2] }, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 0)
        book.determinants(for: taxed, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 2_345) { $0.maxDemandW = 12_000 }
        book.determinants(for: held, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 650) {
            $0.held = true
            $0.holdReasons = ["estimated_read: no read in 60 days", "high_use: 650 kWh"]
        }
        _ = zero
        _ = try await host.runBilling(period: period)
        _ = try await host.maker.releaseBill(host.action("B-2024-05-C05-0000002", reason: "read verified on site"))
        _ = try await host.maker.cancelBill(host.action("B-2024-05-C05-0000003", reason: "account set up in error"))
        _ = try await host.maker.cancelBill(host.action("B-2024-05-C05-0000004", reason: "meter multiplier corrected", rebill: true))
        return try await host.bills(period: period)
    }

    private func columns(_ host: RatingHost, pageSize: UInt32 = 0, status: String = "", withUse: Bool = true) async throws -> [Settle_Rating_V1_BillColumns] {
        var request = Settle_Rating_V1_ListBillColumnsRequest()
        request.cycle = 5
        request.period = "2024-05"
        request.status = status
        request.pageSize = pageSize
        request.withUse = withUse
        var pages: [Settle_Rating_V1_BillColumns] = []
        for try await page in try await host.maker.listBillColumns(request) { pages.append(page) }
        return pages
    }

    /// Every column of every bill, checked against the whole bill `ListBills` gives.
    private func assertColumns(_ pages: [Settle_Rating_V1_BillColumns], match bills: [Settle_Rating_V1_Bill], file: StaticString = #filePath, line: UInt = #line) {
        let byID = Dictionary(uniqueKeysWithValues: bills.map { ($0.id, $0) })
        var seen: [String] = []
        for page in pages {
            XCTAssertEqual(Set([page.agreementID.count, page.status.count, page.totalCents.count, page.reason.count,
                                page.useThousandths.count, page.maxDemandW.count, page.posted.count]), [page.id.count], file: file, line: line)
            for i in page.id.indices {
                guard let bill = byID[page.id[i]] else { XCTFail("column bill \(page.id[i]) is not a bill", file: file, line: line); continue }
                seen.append(bill.id)
                XCTAssertEqual(page.agreementID[i], bill.agreementID, file: file, line: line)
                XCTAssertEqual(page.accountNumber[i], bill.accountNumber, file: file, line: line)
                XCTAssertEqual(page.serviceType[i], bill.serviceType, file: file, line: line)
                XCTAssertEqual(page.rateClass[i], bill.rateClass, file: file, line: line)
                XCTAssertEqual(page.tariffCode[i], bill.tariffCode, file: file, line: line)
                XCTAssertEqual(page.status[i], bill.status, file: file, line: line)
                XCTAssertEqual(page.totalCents[i], bill.rated.totalCents, file: file, line: line)
                XCTAssertEqual(page.taxCents[i], bill.rated.taxCents, file: file, line: line)
                XCTAssertEqual(page.replaces[i], bill.replaces, file: file, line: line)
                XCTAssertEqual(page.posted[i], bill.posted, "posted of \(bill.id)", file: file, line: line)
                let reason = bill.status == "held" ? bill.holdReasons.joined(separator: "; ") : bill.status == "cancelled" ? bill.cancelReason : ""
                XCTAssertEqual(page.reason[i], reason, file: file, line: line)
                XCTAssertEqual(page.useThousandths[i], bill.input.deliveredWh, file: file, line: line)
                XCTAssertEqual(page.maxDemandW[i], bill.input.maxDemandW, file: file, line: line)
            }
        }
        XCTAssertEqual(seen.sorted(), bills.map(\.id).sorted(), "every bill once", file: file, line: line)
    }

    /// The register's component lines summed here from the whole bills' lines.
    private func componentLines(_ bills: [Settle_Rating_V1_Bill]) -> [String: (cents: Int64, lines: UInt32)] {
        var sums: [String: (cents: Int64, lines: UInt32)] = [:]
        for bill in bills where bill.status == "issued" {
            for line in bill.rated.lines {
                sums["\(bill.rateClass)/\(line.component)", default: (0, 0)].cents += line.amountCents
                sums["\(bill.rateClass)/\(line.component)", default: (0, 0)].lines += 1
            }
        }
        return sums
    }

    func testColumnsGiveEveryBillsFactsInPagesAndTheRegisterSumsTheStoredComponents() async throws {
        try await withRatingHost { host in
            let bills = try await billMixedCycle(host)
            XCTAssertEqual(bills.count, 6, "five bills and a rebill")
            XCTAssertEqual(Dictionary(grouping: bills, by: \.status).mapValues(\.count), ["issued": 3, "held": 1, "cancelled": 2])

            let pages = try await columns(host, pageSize: 4)
            XCTAssertEqual(pages.map(\.id.count), [4, 2], "pages of four, in the order the bills were written")
            XCTAssertEqual(pages.flatMap(\.id), ["B-2024-05-C05-0000001", "B-2024-05-C05-0000002", "B-2024-05-C05-0000003",
                                                 "B-2024-05-C05-0000004", "B-2024-05-C05-0000005", "B-2024-05-C05-0000004-R1"])
            assertColumns(pages, match: bills)
            let held = try XCTUnwrap(pages.last)
            XCTAssertEqual(held.reason[0], "VEE: estimated_read: no read in 60 days; VEE: high_use: 650 kWh")
            // Without `with_use` the use columns stay empty; a status filter keeps only it.
            let plain = try await columns(host, withUse: false)
            XCTAssertEqual(plain.count, 1)
            XCTAssertEqual(plain[0].id.count, 6)
            XCTAssertTrue(plain[0].useThousandths.isEmpty && plain[0].maxDemandW.isEmpty)
            let cancelled = try await columns(host, status: "cancelled")
            XCTAssertEqual(cancelled.flatMap(\.id), ["B-2024-05-C05-0000003", "B-2024-05-C05-0000004"])

            // The register: 91.20 (812 kWh) + 80.00 (released, 700 kWh) + the rebill 269.49.
            let register = try await host.register(period: "2024-05")
            XCTAssertEqual(register.issuedCents, 9_120 + 8_000 + 26_949)
            XCTAssertEqual(register.billed, 3)
            XCTAssertEqual(register.held, 1)
            XCTAssertEqual(register.cancelled, 1)
            var fromRegister: [String: (cents: Int64, lines: UInt32)] = [:]
            for line in register.lines where !line.component.isEmpty { fromRegister["\(line.rateClass)/\(line.component)"] = (line.amountCents, line.lines) }
            let expected = componentLines(bills)
            XCTAssertEqual(fromRegister.keys.sorted(), expected.keys.sorted())
            for (key, sum) in expected {
                XCTAssertEqual(fromRegister[key]?.cents, sum.cents, key)
                XCTAssertEqual(fromRegister[key]?.lines, sum.lines, key)
            }
            XCTAssertEqual(fromRegister["small_commercial/tax"]?.cents, 1_585)

            // Bills stored before the columns existed: the same register and columns, from bodies.
            try await host.store().write { db in try db.execute(sql: "UPDATE bill SET components = NULL, use_thousandths = NULL, max_demand_w = NULL") }
            let fromBodies = try await host.register(period: "2024-05")
            XCTAssertEqual(fromBodies, register)
            let columnsFromBodies = try await columns(host, pageSize: 5)
            assertColumns(columnsFromBodies, match: bills)
        }
    }

    func testAColumnsRequestOutOfBoundsIsRefusedNamingTheField() async throws {
        try await withRatingHost { host in
            var request = Settle_Rating_V1_ListBillColumnsRequest()
            request.cycle = 5
            request.period = "2024-13"
            await assertRPCError(.invalidArgument, containing: "period") { for try await _ in try await host.maker.listBillColumns(request) {} }
            request.period = "2024-05"
            request.status = "paid"
            await assertRPCError(.invalidArgument, containing: "status") { for try await _ in try await host.maker.listBillColumns(request) {} }
            request.status = ""
            request.pageSize = 50_001
            await assertRPCError(.invalidArgument, containing: "page_size") { for try await _ in try await host.maker.listBillColumns(request) {} }
            request.pageSize = 0
            var pages: [Settle_Rating_V1_BillColumns] = []
            for try await page in try await host.maker.listBillColumns(request) { pages.append(page) }
            XCTAssertEqual(pages.count, 1, "a cycle with no bills is one empty page")
            XCTAssertTrue(pages[0].id.isEmpty)
        }
    }

    func testComponentTotalsRoundTripAndRefuseTruncatedBytes() throws {
        var rated = Settle_Rating_V1_RatedBill()
        for (component, cents) in [("customer", 1_000), ("energy", 8_120), ("energy", -35), ("", 7), ("rider: fuel € adj", -1_234_567_890_123)] {
            var line = Settle_Rating_V1_BillLine()
            line.component = component
            line.amountCents = Int64(cents)
            rated.lines.append(line)
        }
        let totals = ComponentTotals(rated)
        XCTAssertEqual(totals.entries, [
            .init(component: "customer", amountCents: 1_000, lines: 1), .init(component: "energy", amountCents: 8_085, lines: 2),
            .init(component: "", amountCents: 7, lines: 1), .init(component: "rider: fuel € adj", amountCents: -1_234_567_890_123, lines: 1),
        ])
        let bytes = totals.encoded
        XCTAssertEqual(ComponentTotals(decoding: bytes), totals)
        XCTAssertEqual(ComponentTotals(decoding: [UInt8]())?.entries, [])
        XCTAssertNil(ComponentTotals(decoding: bytes.dropLast()), "a truncated column is not read as totals")
        XCTAssertNil(ComponentTotals(decoding: [0x7F]), "a name longer than the bytes left")
    }
}
