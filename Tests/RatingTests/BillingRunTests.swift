import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import Synchronization
import XCTest

/// Billing runs end to end in-process: determinants (stand-in Metering), agreements and
/// exemptions (stand-in Accounts), rating, holds, storage, posting (stand-in Collections).
final class BillingRunTests: XCTestCase {
    /// RES-1: customer 10.00 + 0.10/kWh. SGS: customer 25.00 + 0.0975/kWh + 6.25 % sales tax.
    static func setUpTariffs(_ host: RatingHost) async throws {
        try await host.tariff("RES-1")
        try await host.activate(Build.version("RES-1", from: "2020-01-01") {
            $0.customerCharge = Build.fixed("10")
            $0.energy = Build.energy(Build.tier("0.10"))
            $0.scenarios = [Build.scenario("500 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 500), total: 6_000)]
        })
        try await host.tariff("SGS", rateClass: "small_commercial")
        var sales = Settle_Rating_V1_Tax()
        sales.name = "Sales tax"
        sales.taxType = "sales-tax"
        sales.percent = "6.25"
        try await host.activate(Build.version("SGS", from: "2020-01-01") {
            $0.customerCharge = Build.fixed("25")
            $0.energy = Build.energy(Build.tier("0.0975"))
            $0.taxes = [sales]
            // 2,345 kWh: 25 + 228.64 = 253.64 + 15.85 tax = 269.49.
            $0.scenarios = [Build.scenario("2,345 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 2_345), total: 26_949)]
        })
    }

    /// ZERO: 0.10/kWh and no customer charge, so a month of 0 kWh bills 0.00 (the zero bill
    /// the run holds and the columns tests read back).
    static func setUpZeroTariff(_ host: RatingHost) async throws {
        try await host.tariff("ZERO")
        try await host.activate(Build.version("ZERO", from: "2020-01-01") {
            $0.energy = Build.energy(Build.tier("0.10"))
            $0.scenarios = [Build.scenario("0 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 0), total: 0)]
        })
    }

    func testRunHoldsChecksSkipsAndPostsIssuedBills() async throws {
        try await withRatingHost { host in
            try await Self.setUpTariffs(host)
            let book = host.neighbours
            let normal = book.agreement(1, account: "100001", customer: "C1", tariff: "RES-1")
            let vee = book.agreement(2, account: "100002", customer: "C2", tariff: "RES-1")
            let zero = book.agreement(3, account: "100003", customer: "C3", tariff: "RES-1")
            let taxed = book.agreement(4, account: "100004", customer: "C4", tariff: "SGS", rateClass: "small_commercial")
            let exempt = book.agreement(5, account: "100005", customer: "C5", tariff: "SGS", rateClass: "small_commercial")
            let missing = book.agreement(6, account: "100006", customer: "C6", tariff: "RES-1")
            let unknown = book.agreement(7, account: "100007", customer: "C7", tariff: "NOPE")
            book.exemptions.withLock { $0["C5"] = ["sales-tax"] }
            // A credit bill: 10.00 + 0 kWh, and 150 kWh exported at… no sell rate → the
            // zero case is a bill of 10.00 with no usage? Use a negative adjustment instead:
            // an agreement on a tariff whose customer charge is zero.
            try await Self.setUpZeroTariff(host)
            book.agreements.withLock { $0[2].rateSchedule = "ZERO" }
            let zeroAgreement = book.agreements.withLock { $0[2] }

            let period = "2024-05"
            book.determinants(for: normal, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 812)
            book.determinants(for: vee, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 700) {
                $0.held = true
                $0.holdReasons = ["high_use: 700 kWh is 350% of the history"]
            }
            book.determinants(for: zeroAgreement, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 0)
            book.determinants(for: taxed, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 2_345)
            book.determinants(for: exempt, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 2_345)
            book.determinants(for: missing, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 0) { $0.problem = "no closing read" }
            book.determinants(for: unknown, period: period, from: "2024-05-01", to: "2024-05-31", kwh: 100)
            _ = zero

            let progress = try await host.runBilling(period: period)
            let last = try XCTUnwrap(progress.last)
            XCTAssertTrue(last.done)
            XCTAssertEqual(last.agreements, 7)
            XCTAssertEqual(last.processed, 7)
            XCTAssertEqual(last.billed, 3)
            XCTAssertEqual(last.held, 2)
            XCTAssertEqual(last.skipped, 2)
            XCTAssertEqual(last.posted, 3)

            let bills = try await host.bills(period: period)
            let byAgreement = Dictionary(uniqueKeysWithValues: bills.map { ($0.agreementID, $0) })
            // 10.00 + 812 × 0.10 = 91.20.
            XCTAssertEqual(byAgreement[1]?.rated.totalCents, 9_120)
            XCTAssertEqual(byAgreement[1]?.status, "issued")
            XCTAssertEqual(byAgreement[1]?.id, "B-2024-05-C05-0000001")
            XCTAssertEqual(byAgreement[1]?.dueDate, "2024-06-24")
            XCTAssertEqual(byAgreement[2]?.status, "held")
            XCTAssertEqual(byAgreement[2]?.holdReasons, ["VEE: high_use: 700 kWh is 350% of the history"])
            XCTAssertEqual(byAgreement[3]?.status, "held")
            XCTAssertEqual(byAgreement[3]?.holdReasons, ["zero or negative bill (0.00) on an active account"])
            XCTAssertEqual(byAgreement[4]?.rated.totalCents, 26_949)
            // Exempt: 253.64, no sales tax.
            XCTAssertEqual(byAgreement[5]?.rated.totalCents, 25_364)
            XCTAssertEqual(byAgreement[5]?.input.exemptTaxTypes, ["sales-tax"])

            let register = try await host.register(period: period)
            XCTAssertEqual(register.agreements, 7)
            XCTAssertEqual(register.billed + register.held + register.skipped, register.agreements)
            XCTAssertEqual(register.skips.map(\.reason), ["no determinants: no closing read", "no tariff with code 'NOPE'"])
            XCTAssertEqual(register.issuedCents, 9_120 + 26_949 + 25_364)
            XCTAssertEqual(register.postedCents, register.issuedCents)
            XCTAssertEqual(host.neighbours.ledger.postedCents, register.issuedCents)
            let classes = register.lines.filter { $0.component.isEmpty }
            XCTAssertEqual(classes.map(\.rateClass), ["residential", "small_commercial"])
            XCTAssertEqual(classes.map(\.amountCents), [9_120, 52_313])
            XCTAssertEqual(classes.map(\.deliveredWh), [812_000, 4_690_000])
            XCTAssertEqual(register.lines.first { $0.rateClass == "small_commercial" && $0.component == "tax" }?.amountCents, 1_585)

            // Running again bills nothing twice.
            let againAll = try await host.runBilling(period: period)
            let again = try XCTUnwrap(againAll.last)
            XCTAssertEqual(again.alreadyBilled, 5)
            XCTAssertEqual(again.billed, 0)
            XCTAssertEqual(again.skipped, 2)
            XCTAssertEqual(host.neighbours.ledger.chargeCount, 3)

            // Release the VEE-held bill after review: issued and posted.
            let released = try await host.maker.releaseBill(host.action("B-2024-05-C05-0000002", reason: "read verified on site"))
            XCTAssertEqual(released.status, "issued")
            XCTAssertTrue(released.posted)
            XCTAssertEqual(host.neighbours.ledger.chargeCount, 4)
            await assertRPCError(.invalidArgument) { try await host.maker.releaseBill(host.action("B-2024-05-C05-0000003", reason: " ")) }

            // Cancel the zero bill outright; cancel/rebill the taxed one after the exemption
            // certificate arrives: reversal + new bill, both audited with the reason.
            let cancelled = try await host.maker.cancelBill(host.action("B-2024-05-C05-0000003", reason: "account set up in error"))
            XCTAssertEqual(cancelled.cancelled.status, "cancelled")
            XCTAssertEqual(cancelled.reversedCents, 0)
            book.exemptions.withLock { $0["C4"] = ["sales-tax"] }
            // The rebill asks Metering and Accounts again: now exempt, 253.64 without sales tax.
            let rebilled = try await host.maker.cancelBill(host.action("B-2024-05-C05-0000004", reason: "exemption certificate received", rebill: true))
            XCTAssertEqual(rebilled.reversedCents, 26_949)
            XCTAssertEqual(rebilled.rebill.id, "B-2024-05-C05-0000004-R1")
            XCTAssertEqual(rebilled.rebill.replaces, "B-2024-05-C05-0000004")
            XCTAssertEqual(rebilled.cancelled.replacedBy, "B-2024-05-C05-0000004-R1")
            XCTAssertEqual(rebilled.rebill.rated.totalCents, 25_364)
            XCTAssertEqual(rebilled.rebill.input.exemptTaxTypes, ["sales-tax"])
            XCTAssertTrue(rebilled.rebill.posted)
            let audit = try await host.store().read { db in
                try String.fetchAll(db, sql: "SELECT reason FROM settle_audit_log WHERE entity LIKE 'bill/B-2024-05-C05-0000004%' ORDER BY sequence")
            }
            XCTAssertEqual(audit, [
                "rebill of B-2024-05-C05-0000004: exemption certificate received", "cancelled: exemption certificate received",
                "rebill: exemption certificate received",
            ])
            // The run's own record lists every bill and skip of the batch.
            let runAudit = try await host.store().read { db in
                try String.fetchAll(db, sql: "SELECT after FROM settle_audit_log WHERE entity = 'bill_run/R-2024-05-C05/batch-1'")
            }
            // The repeated run wrote a second batch-1 record: its two skips, again.
            XCTAssertEqual(runAudit.count, 2)
            XCTAssertEqual(runAudit.last?.contains("\"bill\""), false)
            XCTAssertTrue(runAudit.first?.contains("{\"bill\":\"B-2024-05-C05-0000004\",\"status\":\"issued\",\"total_cents\":26949,\"tariff\":\"SGS\",\"holds\":0}") == true, runAudit.first ?? "")
            XCTAssertTrue(runAudit.first?.contains("{\"skipped\":6,\"reason\":\"no determinants: no closing read\"}") == true, runAudit.first ?? "")

            let after = try await host.register(period: period)
            XCTAssertEqual(after.billed, 4)
            XCTAssertEqual(after.held, 0)
            XCTAssertEqual(after.cancelled, 1)
            XCTAssertEqual(after.skipped, 2)
            XCTAssertEqual(after.billed + after.held + after.skipped + after.cancelled, after.agreements)
            XCTAssertEqual(host.neighbours.ledger.postedCents, after.issuedCents)
        }
    }

    /// An interrupted run: Collections wrote a batch's charges but the answer never came
    /// back, and the rest of the cycle was not rated. The next run bills every account exactly
    /// once and Collections' total equals the register's.
    func testInterruptedRunResumesWithoutDoubleBilling() async throws {
        try await withRatingHost { host in
            try await Self.setUpTariffs(host)
            let book = host.neighbours
            for id in UInt64(1)...5 {
                let agreement = book.agreement(id, account: "10000\(id)", customer: "C\(id)", tariff: "RES-1")
                book.determinants(for: agreement, period: "2024-05", from: "2024-05-01", to: "2024-05-31", kwh: Int64(100 * id))
            }
            book.ledger.state.withLock { $0.loseAnswerOfCalls = [2] }
            await assertRPCError(.unavailable) { try await host.runBilling(period: "2024-05", batchSize: 2) }
            // The first two batches are stored; the third may have been stored while the
            // second was being posted (the run stores one batch while it posts the one before).
            let stored = try await host.bills(period: "2024-05")
            XCTAssertTrue([4, 5].contains(stored.count), "\(stored.count) bills stored")
            XCTAssertEqual(stored.filter(\.posted).map(\.agreementID).sorted(), [1, 2])
            XCTAssertEqual(book.ledger.chargeCount, 4)

            let resumedAll = try await host.runBilling(period: "2024-05", batchSize: 2)
            let resumed = try XCTUnwrap(resumedAll.last)
            XCTAssertEqual(resumed.alreadyBilled, UInt32(stored.count))
            XCTAssertEqual(resumed.billed, UInt32(5 - stored.count))
            // The fifth bill, and the two whose answer was lost: posting them again with the
            // same key gets Collections' first answer back, and writes nothing more.
            XCTAssertEqual(resumed.posted + resumed.alreadyPosted, 3)
            let register = try await host.register(period: "2024-05")
            XCTAssertEqual(register.billed, 5)
            // 5 × 10.00 + (100 + … + 500) × 0.10 = 50 + 150 = 200.00.
            XCTAssertEqual(register.issuedCents, 20_000)
            XCTAssertEqual(register.postedCents, 20_000)
            XCTAssertEqual(book.ledger.chargeCount, 5)
            XCTAssertEqual(book.ledger.postedCents, 20_000)
            XCTAssertEqual(Set(book.ledger.charges().map(\.agreementID)), [1, 2, 3, 4, 5])
        }
    }

    /// High bill against the 12-month average, ratchet history from earlier bills, and
    /// shadow billing of a candidate version.
    func testHighBillHoldAndShadowBilling() async throws {
        try await withRatingHost { host in
            try await Self.setUpTariffs(host)
            let book = host.neighbours
            let steady = book.agreement(1, account: "100001", customer: "C1", tariff: "RES-1")
            let jump = book.agreement(2, account: "100002", customer: "C2", tariff: "RES-1")
            for (period, from, to) in [("2024-03", "2024-03-01", "2024-03-31"), ("2024-04", "2024-03-31", "2024-04-30")] {
                book.determinants(for: steady, period: period, from: from, to: to, kwh: 500)
                book.determinants(for: jump, period: period, from: from, to: to, kwh: 500)
                _ = try await host.runBilling(period: period)
            }
            // Average 60.00; 3 × 60.00 = 180.00. 1,800 kWh → 190.00 is held; 500 kWh is not.
            book.determinants(for: steady, period: "2024-05", from: "2024-04-30", to: "2024-05-30", kwh: 500)
            book.determinants(for: jump, period: "2024-05", from: "2024-04-30", to: "2024-05-30", kwh: 1_800)
            let mayAll = try await host.runBilling(period: "2024-05")
            let may = try XCTUnwrap(mayAll.last)
            XCTAssertEqual(may.billed, 1)
            XCTAssertEqual(may.held, 1)
            let held = try await host.bills(period: "2024-05", status: "held")
            XCTAssertEqual(held.first?.holdReasons, ["high bill: 190.00 is more than 3 × the 12-month average 60.00"])

            // Candidate RES-1@2: customer 12.00 + 0.11/kWh, as a draft, shadow-billed on May.
            let candidate = try await host.save(Build.version("RES-1", from: "2024-06-01") {
                $0.customerCharge = Build.fixed("12")
                $0.energy = Build.energy(Build.tier("0.11"))
            })
            var shadow = Settle_Rating_V1_ShadowBillRequest()
            shadow.code = "RES-1"
            shadow.version = candidate.version
            shadow.cycle = 5
            shadow.period = "2024-05"
            let result = try await host.maker.shadowBill(shadow)
            // 500 kWh: 60.00 → 67.00 (+7.00); 1,800 kWh: 190.00 → 210.00 (+20.00).
            XCTAssertEqual(result.differences.map(\.differenceCents), [700, 2_000])
            XCTAssertEqual(result.impact.map(\.rateClass), ["residential"])
            XCTAssertEqual(result.impact.first?.differenceCents, 2_700)
            XCTAssertEqual(result.impact.first?.percent, "10.8")
            // Shadow billing issued nothing.
            let stillTwo = try await host.bills(period: "2024-05")
            XCTAssertEqual(stillTwo.count, 2)
        }
    }

    /// Interval accounts on a TOU tariff: Rating asks Metering for kWh per period under the
    /// tariff's own schedule (holidays included); a demand account's ratchet comes from its
    /// earlier bills; a water account's base charge from its meter's size.
    func testTimeOfUseRatchetAndWaterInARun() async throws {
        try await withRatingHost { host in
            let book = host.neighbours
            try await host.tariff("TOU-3")
            var tou = TOUFixture.version()
            tou.scenarios = [Build.scenario("March", Build.input("2024-03-01", "2024-04-01", kwh: 743) { $0.touWh = [399_000, 224_000, 120_000] }, total: 10_430)]
            try await host.activate(tou)
            try await host.tariff("LGS", rateClass: "large_commercial")
            var demand = Settle_Rating_V1_DemandCharge()
            demand.flatPeriods = [Build.period("all", Build.tier("10"))]
            demand.ratchetPercent = "80"
            demand.ratchetMonths = 11
            try await host.activate(Build.version("LGS", from: "2020-01-01") {
                $0.energy = Build.energy(Build.tier("0.05"))
                $0.demand = demand
                // 1,000 kWh, 20 kW: 50 + 200 = 250.00.
                $0.scenarios = [Build.scenario("20 kW", Build.input("2024-01-01", "2024-01-31", kwh: 1_000) { $0.maxDemandW = 20_000 }, total: 25_000)]
            })
            try await host.tariff("W-1", service: "water")
            var water = Settle_Rating_V1_VolumeCharge()
            water.base = [.with { $0.meterSize = "5/8"; $0.amount = "14.50" }, .with { $0.meterSize = "1"; $0.amount = "22.75" }]
            water.tiers = [Build.tier("4")]
            try await host.activate(Build.version("W-1", from: "2020-01-01") {
                $0.water = water
                $0.scenarios = [Build.scenario("5 kgal", Build.input("2024-01-01", "2024-01-31") { $0.gallonsThousandths = 5_000_000; $0.meterSize = "1" }, total: 4_275)]
            })

            // TOU demand (the hand-computed TOU-D tariff): Metering is asked for max demand per
            // the demand schedule's periods.
            try await host.tariff("TOU-D", rateClass: "small_commercial")
            try await host.activate(Build.version("TOU-D", from: "2020-01-01") {
                $0.energy = Build.touEnergy(offPeak: Build.tier("0.08"), onPeak: Build.tier("0.20"), weekday: Build.eveningPeak)
                $0.demand = Build.touDemand(offPeak: Build.tier("2.00"), onPeak: Build.tier("9.50"), weekday: Build.eveningPeak)
                $0.scenarios = [Build.scenario("July", Build.input("2024-07-01", "2024-07-31", kwh: 1_000) {
                    $0.touWh = [800_000, 200_000]
                    $0.touMaxDemandW = [6_200, 4_150]
                }, total: 15_583)]
            })
            let touDemand = book.agreement(4, account: "100004", customer: "C4", tariff: "TOU-D", rateClass: "small_commercial")
            book.touWh.withLock { $0[4] = [800_000, 200_000] }
            book.touMaxDemandW.withLock { $0[4] = [6_200, 4_150] }
            book.determinants(for: touDemand, period: "2024-03", from: "2024-03-01", to: "2024-03-31", kwh: 1_000) { $0.usesIntervals = true; $0.maxDemandW = 6_200 }

            let interval = book.agreement(1, account: "100001", customer: "C1", tariff: "TOU-3")
            let large = book.agreement(2, account: "100002", customer: "C2", tariff: "LGS", rateClass: "large_commercial")
            let tap = book.agreement(3, account: "100003", customer: "C3", tariff: "W-1", service: "water")
            book.meterSizes.withLock { $0["M3"] = "1" }
            book.touWh.withLock { $0[1] = [399_000, 224_000, 120_000] }
            book.determinants(for: large, period: "2024-02", from: "2024-02-01", to: "2024-03-01", kwh: 1_000) { $0.maxDemandW = 150_000 }
            _ = try await host.runBilling(period: "2024-02")
            book.determinants(for: interval, period: "2024-03", from: "2024-03-01", to: "2024-04-01", kwh: 743) { $0.usesIntervals = true }
            book.determinants(for: large, period: "2024-03", from: "2024-03-01", to: "2024-03-31", kwh: 1_000) { $0.maxDemandW = 90_000 }
            book.determinants(for: tap, period: "2024-03", from: "2024-03-01", to: "2024-03-31", kwh: 0) { $0.gallonsThousandths = 5_000_000 }
            let last = try await host.runBilling(period: "2024-03").last
            XCTAssertEqual(last?.billed, 4)

            let bills = Dictionary(uniqueKeysWithValues: try await host.bills(period: "2024-03").map { ($0.agreementID, $0) })
            // 31.92 + 26.88 + 30.00 + 15 × 31/30 = 104.30 (as in the hand-computed TOU bill).
            XCTAssertEqual(bills[1]?.rated.totalCents, 10_430)
            // The tariff's own holiday beside the utility's calendar (NERC's of 2023 and 2024, as observed).
            XCTAssertEqual(book.touRequests.withLock { $0.first?.holidays }, [
                "2023-01-02", "2023-05-29", "2023-07-04", "2023-09-04", "2023-11-23", "2023-12-25",
                "2024-01-01", "2024-03-29", "2024-05-27", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25",
            ])
            // Ratchet: 80 % of February's 150 kW = 120 kW > 90 kW → 1,200.00 + 50.00.
            XCTAssertEqual(bills[2]?.rated.billingDemandW, 120_000)
            XCTAssertEqual(bills[2]?.rated.totalCents, 125_000)
            // 1" meter: 22.75 + 5 × 4.00 = 42.75.
            XCTAssertEqual(bills[3]?.input.meterSize, "1")
            XCTAssertEqual(bills[3]?.rated.totalCents, 4_275)
            // 64.00 + 40.00 + 12.40 + 39.43 = 155.83.
            XCTAssertEqual(bills[4]?.input.touMaxDemandW, [6_200, 4_150])
            XCTAssertEqual(bills[4]?.rated.totalCents, 15_583)
        }
    }

    /// The host stops mid-run (Collections wrote a batch but the answer was lost), restarts
    /// on the same files, and the next run finishes: every account billed exactly once, and
    /// Collections' total equals the register's.
    func testRunResumesAfterHostRestart() async throws {
        let directory = "/tmp/rt-restart-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let neighbours = Neighbours()
        let first = try await RatingHost.start(directory: directory, neighbours: neighbours)
        do {
            try await Self.setUpTariffs(first)
            for id in UInt64(1)...7 {
                let agreement = neighbours.agreement(id, account: "10000\(id)", customer: "C\(id)", tariff: "RES-1")
                neighbours.determinants(for: agreement, period: "2024-05", from: "2024-05-01", to: "2024-05-31", kwh: Int64(100 * id))
            }
            neighbours.ledger.state.withLock { $0.loseAnswerOfCalls = [2] }
            await assertRPCError(.unavailable) { try await first.runBilling(period: "2024-05", batchSize: 3) }
        } catch {
            await first.shutdown(keepFiles: true)
            throw error
        }
        await first.shutdown(keepFiles: true)

        let second = try await RatingHost.start(directory: directory, neighbours: neighbours)
        do {
            // Two batches stored; the third (one bill) may have been stored while the second
            // was being posted.
            let before = try await second.bills(period: "2024-05")
            XCTAssertTrue([6, 7].contains(before.count), "\(before.count) bills stored")
            let all = try await second.runBilling(period: "2024-05", batchSize: 3)
            let last = try XCTUnwrap(all.last)
            XCTAssertEqual(last.alreadyBilled, UInt32(before.count))
            XCTAssertEqual(last.billed, UInt32(7 - before.count))
            let register = try await second.register(period: "2024-05")
            XCTAssertEqual(register.billed, 7)
            // 7 × 10.00 + (100 + … + 700) × 0.10 = 70 + 280 = 350.00.
            XCTAssertEqual(register.issuedCents, 35_000)
            XCTAssertEqual(register.postedCents, 35_000)
            XCTAssertEqual(neighbours.ledger.chargeCount, 7)
            XCTAssertEqual(neighbours.ledger.postedCents, 35_000)
        } catch {
            await second.shutdown(keepFiles: true)
            throw error
        }
        await second.shutdown(keepFiles: true)
    }

    /// A larger cycle (3,000 agreements in batches of 1,000, one SGS tariff with taxes and
    /// one exempt customer in three): the register reconciles with Collections to the cent.
    /// Prints the in-process throughput (debug build; the benchmark measures release).
    func testLargerCycleReconciles() async throws {
        try await withRatingHost { host in
            try await Self.setUpTariffs(host)
            let book = host.neighbours
            // The directory comes in five pages: the run rates with the first while it lists
            // the rest, and every customer's exemption must still be found.
            book.agreementPageLimit.withLock { $0 = 700 }
            var expected: Int64 = 0
            for id in UInt64(1)...3_000 {
                let commercial = id % 2 == 0
                let agreement = book.agreement(id, account: "\(200_000 + id)", customer: "C\(id)", tariff: commercial ? "SGS" : "RES-1",
                                               rateClass: commercial ? "small_commercial" : "residential")
                let kwh = Int64(300 + id % 700)
                book.determinants(for: agreement, period: "2024-05", from: "2024-05-01", to: "2024-05-31", kwh: kwh)
                if commercial {
                    let exempt = id % 3 == 0
                    if exempt { book.exemptions.withLock { $0["C\(id)"] = ["sales-tax"] } }
                    // 25.00 + kWh × 0.0975 (rounded), then 6.25 % of that (rounded) unless exempt.
                    let energy = (kwh * 975 + 50) / 100
                    let base = 2_500 + energy
                    expected += base + (exempt ? 0 : (base * 625 + 5_000) / 10_000)
                } else {
                    expected += 1_000 + kwh * 10
                }
            }
            let started = ContinuousClock.now
            let progress = try await host.runBilling(period: "2024-05")
            let elapsed = ContinuousClock.now - started
            XCTAssertEqual(progress.last?.billed, 3_000)
            XCTAssertEqual(progress.count, 5, "one message before rating, one per batch, one when done")
            let register = try await host.register(period: "2024-05")
            XCTAssertEqual(register.issuedCents, expected)
            XCTAssertEqual(register.postedCents, expected)
            XCTAssertEqual(book.ledger.postedCents, expected)
            XCTAssertEqual(book.ledger.chargeCount, 3_000)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("billing run, 3,000 agreements in-process (debug): \(Int(3_000 / seconds)) bills/s")
        }
    }
}
