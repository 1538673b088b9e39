import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A billing run over the real socket with every program enrolled, on the real Accounts,
/// Metering, Collections, Programs and Rating modules; every figure computed by hand.
final class BillingWithProgramsTests: XCTestCase {
    func enroll(_ host: ProgramsHost, _ kind: String, _ lead: UInt64, members: [UInt64] = [], demand: String = "") async throws -> Settle_Programs_V1_Enrolment {
        try await host.programs.enroll(.with {
            $0.idempotencyKey = freshKey("enroll")
            $0.kind = kind
            $0.agreementID = lead
            $0.memberAgreementIds = members
            $0.demandMethod = demand
            $0.effectiveFrom = "2024-04-01"
            $0.reason = "customer request"
        })
    }

    /// Coincident demand: MA peaks at 1,300 Wh (5.2 kW) on day 5, MB at 2,300 Wh (9.2 kW) on
    /// day 6, both 300 Wh (1.2 kW) otherwise. Summed per interval the highest is MB's
    /// interval: 300 + 2,300 = 2,600 Wh = 10.4 kW; non-coincident 5.2 + 9.2 = 14.4 kW.
    func testCoincidentDemandIsTheMaximumOfThePerIntervalSumAndNeverAboveNonCoincident() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            var request = Settle_Metering_V1_GetCoincidentDemandRequest()
            request.groups = [.with {
                $0.id = "acme"
                $0.meters = ["MA", "MB"].map { serial in .with { $0.meterSerial = serial; $0.fromDate = "2024-04-10"; $0.toDate = "2024-05-10" } }
            }]
            let response = try await host.metering.getCoincidentDemand(request)
            let demand = try XCTUnwrap(response.groups.first)
            XCTAssertEqual(demand.problem, "")
            XCTAssertEqual(demand.coincidentDemandW, 10_400)
            XCTAssertEqual(demand.nonCoincidentDemandW, 14_400)
            XCTAssertEqual(demand.meters.map(\.maxDemandW), [5_200, 9_200])
            XCTAssertLessThan(demand.coincidentDemandW, demand.nonCoincidentDemandW)
            // The coincident interval is MB's peak: day 6 (2024-04-16), slot 70 = 17:30.
            XCTAssertEqual(demand.intervalStartUtc, host.midnight("2024-04-16") + 70 * 900)
            XCTAssertEqual(demand.meters.last?.intervalStartUtc, demand.intervalStartUtc)
        }
    }

    /// Refusals name every reason: a register meter cannot give coincident demand, an
    /// agreement of another account or service cannot join, an agreement in a group already
    /// cannot join a second.
    func testEnrolmentRefusalsListEveryReason() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let c = try XCTUnwrap(utility.agreements["PC"]), e = try XCTUnwrap(utility.agreements["PE"]), w = try XCTUnwrap(utility.agreements["PW"])
            let refused = await assertRPCError(.failedPrecondition) { try await self.enroll(host, "totalized", c, members: [e, w], demand: "coincident") }
            let message = refused?.message ?? ""
            XCTAssertTrue(message.contains("capability: meter ME of agreement \(e) is a register meter"), message)
            XCTAssertTrue(message.contains("eligibility: agreement \(w) is on account \(utility.accountOf["PW"] ?? "")"), message)
            XCTAssertTrue(message.contains("eligibility: agreement \(w) is water service, not electric"), message)
            // Non-coincident is fine with a register meter; then C cannot be in a second group.
            let group = try await enroll(host, "totalized", c, members: [e], demand: "non_coincident")
            XCTAssertEqual(group.memberAgreementIds, [c, e])
            XCTAssertEqual(group.history.map(\.action), ["enrolled"])
            let twice = await assertRPCError(.failedPrecondition) { try await self.enroll(host, "totalized", e, members: [c], demand: "non_coincident") }
            XCTAssertTrue(twice?.message.contains("policy: agreements \(c), \(e) already in totalized enrolment \(group.id)") ?? false, twice?.message ?? "")
            let waterOnly = await assertRPCError(.failedPrecondition) { try await self.enroll(host, "wastewater_average", c) }
            XCTAssertTrue(waterOnly?.message.contains("eligibility: agreement \(c) is electric service") ?? false, waterOnly?.message ?? "")
            // Ending it is in its history; an unknown kind names the kinds.
            let ended = try await host.programs.endEnrolment(.with { $0.idempotencyKey = freshKey("end"); $0.enrolmentID = group.id; $0.endDate = "2024-06-30"; $0.reason = "meters consolidated" })
            XCTAssertEqual(ended.status, "ended")
            XCTAssertEqual(ended.history.map(\.action), ["enrolled", "ended"])
            XCTAssertEqual(ended.history.last?.reason, "meters consolidated")
            let unknown = await assertRPCError(.invalidArgument) { try await self.enroll(host, "streetlight", c) }
            XCTAssertTrue(unknown?.message.contains("'streetlight' is not a program (totalized, wastewater_average, tou, solar") ?? false, unknown?.message ?? "")
        }
    }

    func testBillingRunOverTheSocketAppliesEveryProgramAndTheRegisterEqualsTheLedger() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let ids = utility.agreements
            let a = try XCTUnwrap(ids["PA"]), b = try XCTUnwrap(ids["PB"]), c = try XCTUnwrap(ids["PC"])
            let d = try XCTUnwrap(ids["PD"]), e = try XCTUnwrap(ids["PE"]), w = try XCTUnwrap(ids["PW"])
            let acme = try await enroll(host, "totalized", a, members: [b], demand: "coincident")
            let bolt = try await enroll(host, "totalized", c, members: [d], demand: "non_coincident")
            _ = try await enroll(host, "wastewater_average", w)

            // Rivera's winter, as earlier billing runs recorded it: 31, 30 and 33 days; the
            // February period had a leak and a supervisor leaves it out.
            _ = try await host.programs.prepareBilling(.with {
                $0.idempotencyKey = freshKey("winter")
                $0.agreements = [("2023-11-10", "2023-12-11", Int64(4_960)), ("2023-12-11", "2024-01-10", 4_500), ("2024-01-10", "2024-02-12", 25_500)].map { start, end, gallons in
                    .with {
                        $0.agreementID = w
                        $0.accountNumber = utility.accountOf["PW"] ?? ""
                        $0.rateClass = "residential"
                        $0.serviceType = "water"
                        $0.periodStart = start
                        $0.periodEnd = end
                        $0.gallonsThousandths = gallons * 1_000
                        $0.billsWastewater = true
                    }
                }
            })
            let supervisor = ProgramsV1.Client(transport: host.checker)
            let adjusted = try await supervisor.adjustWastewaterAverage(.with {
                $0.idempotencyKey = freshKey("leak")
                $0.agreementID = w
                $0.year = 2024
                $0.excludePeriodEnds = ["2024-02-12"]
                $0.reason = "leak repaired 2024-02-08"
            })
            XCTAssertEqual(adjusted.gallonsPerDay, "155.082")
            XCTAssertEqual(adjusted.winterDays, 61)

            // The run, over the socket, one agreement a batch (members outside their lead's batch).
            let run = host.billingRun(period: "2024-05", billDate: "2024-05-13", batchSize: 1)
            let last = try await host.runBillingOverSocket(run)
            XCTAssertTrue(last.done)
            XCTAssertEqual(last.agreements, 6)

            let bills = try await host.rating.listBills(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" }).bills
            let byAgreement = Dictionary(bills.map { ($0.agreementID, $0) }, uniquingKeysWith: { first, _ in first })
            XCTAssertEqual(Set(byAgreement.keys), [a, c, e, w])

            // Acme, coincident: 865 + 866 = 1,731 kWh × $0.10 = $173.10; 10.4 kW × $10 = $104.00;
            // $50 customer charge: $327.10. Both meters' reads are on the bill.
            let acmeBill = try XCTUnwrap(byAgreement[a])
            XCTAssertEqual(acmeBill.status, "issued", "\(acmeBill.holdReasons)")
            XCTAssertEqual(acmeBill.rated.totalCents, 32_710)
            XCTAssertEqual(acmeBill.input.deliveredWh, 1_731_000)
            XCTAssertEqual(acmeBill.input.maxDemandW, 10_400)
            XCTAssertEqual(Set(acmeBill.reads.map(\.meterSerial)), ["MA", "MB"])
            let acmeNotes = acmeBill.rated.notes.joined(separator: "\n")
            XCTAssertTrue(acmeNotes.contains("Totalized account (enrolment \(acme.id), coincident demand): 2 agreements, 1731 kWh in all"), acmeNotes)
            XCTAssertTrue(acmeNotes.contains("Totalized meter MA (agreement \(a)): 865 kWh, peak 5.2 kW"), acmeNotes)
            XCTAssertTrue(acmeNotes.contains("Totalized meter MB (agreement \(b)): 866 kWh, peak 9.2 kW"), acmeNotes)
            XCTAssertTrue(acmeNotes.contains("Totalized demand 10.4 kW coincident, in the 15 minutes from 2024-04-16 17:30; non-coincident 14.4 kW"), acmeNotes)

            // Bolt, non-coincident, MD added on 04-25: 865 + 434 = 1,299 kWh → $129.90; 5.2 + 9.2
            // = 14.4 kW → $144.00; $50: $323.90. The coincident figure (10.4 kW) beside it.
            let boltBill = try XCTUnwrap(byAgreement[c])
            XCTAssertEqual(boltBill.rated.totalCents, 32_390)
            XCTAssertEqual(boltBill.input.deliveredWh, 1_299_000)
            XCTAssertEqual(boltBill.input.maxDemandW, 14_400)
            let boltNotes = boltBill.rated.notes.joined(separator: "\n")
            XCTAssertTrue(boltNotes.contains("Totalized meter MD (agreement \(d)): 434 kWh, peak 9.2 kW"), boltNotes)
            XCTAssertTrue(boltNotes.contains("Totalized demand 14.4 kW non-coincident: 5.2 + 9.2 kW, each meter's own peak; coincident 10.4 kW"), boltNotes)
            XCTAssertEqual(boltBill.reads.first { $0.meterSerial == "MD" }?.fromDate, "2024-04-25")

            // Bolt's register meter is not in a group: 100 kWh → $10.00 + $50.
            XCTAssertEqual(byAgreement[e]?.rated.totalCents, 6_000)

            // Rivera: 6,000 gallons used; the 2024 average without February, 9,460 gallons over
            // 61 days × 30 = 4,652 gallons: water 10 + 6 × 5 = $40.00, wastewater 4.652 × $4 = $18.61.
            let water = try XCTUnwrap(byAgreement[w])
            XCTAssertEqual(water.input.gallonsThousandths, 6_000_000)
            XCTAssertEqual(water.input.wastewaterGallonsThousandths, 4_652_000)
            XCTAssertEqual(water.rated.lines.filter { $0.component == "wastewater" }.reduce(0) { $0 + $1.amountCents }, 1_861)
            XCTAssertEqual(water.rated.totalCents, 5_861)
            XCTAssertTrue(water.rated.notes.contains { $0.hasPrefix("Wastewater on 4,652 gallons, the 2024 winter average 155.082 gal/day × 30 days") }, "\(water.rated.notes)")

            // Members are accounted for as billed on their lead's bill.
            let register = try await host.rating.getBillRegister(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" })
            XCTAssertEqual(register.agreements, 6)
            XCTAssertEqual(register.billed, 4)
            XCTAssertEqual(register.skipped, 2)
            XCTAssertEqual(register.billed + register.held + register.skipped + register.cancelled, register.agreements)
            let skips = Dictionary(register.skips.map { ($0.agreementID, $0.reason) }, uniquingKeysWith: { first, _ in first })
            XCTAssertEqual(skips[b], "totalized: billed with agreement \(a) on bill \(acmeBill.id) (enrolment \(acme.id))")
            XCTAssertEqual(skips[d], "totalized: billed with agreement \(c) on bill \(boltBill.id) (enrolment \(bolt.id))")
            // Register totals = the ledger's charges.
            XCTAssertEqual(register.issuedCents, 32_710 + 32_390 + 6_000 + 5_861)
            XCTAssertEqual(register.postedCents, register.issuedCents)
            let ledger = try await host.collections.checkLedger(.init())
            XCTAssertTrue(ledger.balanced, "\(ledger.problems)")
            XCTAssertEqual(ledger.byKindCents["charge"], register.issuedCents)

            // Shadow billing re-rates the stored, program-shaped determinants: the same totals.
            let shadow = try await host.rating.shadowBill(.with { $0.code = "LC-1"; $0.version = 1; $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" })
            XCTAssertEqual(shadow.differences.first { $0.agreementID == a }?.candidateCents, 32_710)
            XCTAssertEqual(shadow.differences.first { $0.agreementID == c }?.candidateCents, 32_390)

            // An agreement's what-if (tou-compare's CompareTariffs) honours the same effects: the
            // wastewater average (on the 6,000 gallons used it would be $64.00, not $58.61) and the
            // totalized group's coincident demand (one meter alone would be $188.50).
            let waterWhatIf = try await host.rating.compareTariffs(.with { $0.agreementID = w; $0.candidateCode = "W-1" })
            XCTAssertEqual(waterWhatIf.bills.map(\.candidateCents), [5_861])
            XCTAssertEqual(waterWhatIf.differenceCents, 0)
            let groupWhatIf = try await host.rating.compareTariffs(.with { $0.agreementID = a; $0.candidateCode = "LC-1" })
            XCTAssertEqual(groupWhatIf.bills.map(\.candidateCents), [32_710])
            XCTAssertEqual(groupWhatIf.bills.map(\.problem), [""])

            // A second run bills nothing twice.
            var rerun = run
            rerun.idempotencyKey = freshKey("rerun")
            let again = try await host.rating.runBilling(rerun)
            var final = Settle_Rating_V1_BillingProgress()
            for try await progress in again { final = progress }
            XCTAssertEqual(final.billed, 0)
            let after = try await host.collections.checkLedger(.init())
            XCTAssertEqual(after.byKindCents["charge"], register.issuedCents)
        }
    }
}
