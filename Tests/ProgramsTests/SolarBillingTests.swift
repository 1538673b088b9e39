import Foundation
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Solar enrolments billed over the real socket: the bank kept in Programs, moved once a
/// bill by the billing run, untouched by a re-run, given back by a cancel and taken again by
/// the rebill, paid out at the true-up; every figure by hand.
///
/// Tariff RES-SOLAR: 10.00 $/month (31-day periods 10.33), 0.10 $/kWh, sell 0.08. Cycle 4,
/// reads 03-10 (install), 04-10, 05-10, 06-10.
/// - Sun (net_metering, true-up June, year-end 0.03): delivered 300, 400, 100; received 500,
///   300, 200. April: 200 banked → 10.33. May: 100 from the bank (100 left) → 10.00. June:
///   100 more banked (200), paid 200 × 0.03 = 6.00 → 10.33 − 6.00 = 4.33.
/// - Ray (net_billing_carryover): delivered 100, 300, 100; received 400, 100, 0. April: 10.00
///   energy against 32.00 earned, 22.00 carried → 10.33. May: 30.00 against 22.00 + 8.00 →
///   10.00. June: 10.00 energy → 20.33.
/// - Dim: a meter without a received channel, refused.
final class SolarBillingTests: XCTestCase {
    static let cycle: UInt32 = 4

    struct Loaded {
        var agreements: [String: UInt64] = [:]
    }

    func load(_ host: ProgramsHost) async throws -> Loaded {
        try await host.setReadSchedules(cycle: Self.cycle, [("2024-04", "2024-04-10"), ("2024-05", "2024-05-10"), ("2024-06", "2024-06-10")])
        try await host.activateSolarTariff()

        var loaded = Loaded()
        let people: [(String, String, Bool, [Int64], [Int64])] = [
            ("Sun", "SS1", true, [0, 300, 700, 800], [0, 500, 800, 1_000]),
            ("Ray", "SS2", true, [0, 100, 400, 500], [0, 400, 500, 500]),
            ("Dim", "SS3", false, [0, 100, 200, 300], []),
        ]
        let dates = ["2024-03-10", "2024-04-10", "2024-05-10", "2024-06-10"]
        var reads: [Settle_Metering_V1_RegisterRead] = []
        for (name, meter, received, delivered, exported) in people {
            let setup = UtilitySetup(accounts: host.accounts, metering: host.metering)
            let customer = try await setup.customer(name)
            let premise = try await setup.premise("P\(meter)", street: "1 \(name) St")
            try await setup.registerMeter(meter, at: premise, on: dates[0], installRead: 0, dials: 6, exports: received)
            let moved = try await setup.moveIn(customer, at: premise, on: dates[0], cycle: Self.cycle, rateSchedule: "RES-SOLAR")
            loaded.agreements[name] = moved.agreement
            for (index, date) in dates.enumerated().dropFirst() {
                reads.append(.with { $0.meterSerial = meter; $0.channel = .kwhDelivered; $0.readAtUtc = host.midnight(date); $0.value = delivered[index] })
                if received { reads.append(.with { $0.meterSerial = meter; $0.channel = .kwhReceived; $0.readAtUtc = host.midnight(date); $0.value = exported[index] }) }
            }
        }
        let batch = reads
        let imported = try await host.metering.importReads { writer in
            try await writer.write(.with { $0.idempotencyKey = freshKey("reads"); $0.registerReads = batch })
        }
        XCTAssertTrue(imported.committed, "\(imported.rejected.map(\.reason))")
        return loaded
    }

    func enrollSolar(_ host: ProgramsHost, _ agreement: UInt64, _ program: Settle_Programs_V1_SolarProgram) async throws -> Settle_Programs_V1_Enrolment {
        try await host.programs.enroll(.with {
            $0.idempotencyKey = freshKey("enroll")
            $0.kind = "solar"
            $0.agreementID = agreement
            $0.effectiveFrom = "2024-03-10"
            $0.solar = program
            $0.reason = "interconnection approved"
        })
    }

    func run(_ host: ProgramsHost, _ period: String) async throws {
        _ = try await host.metering.runVee(.with { $0.idempotencyKey = freshKey("vee"); $0.cycle = Self.cycle; $0.period = period })
        let last = try await host.runBillingOverSocket(cycle: Self.cycle, period: period, batchSize: 2)
        XCTAssertTrue(last.done)
    }

    func bill(_ host: ProgramsHost, _ agreement: UInt64, _ period: String) async throws -> Settle_Rating_V1_Bill {
        let bills = try await host.rating.listBills(.with { $0.cycle = Self.cycle; $0.period = period }).bills
        return try XCTUnwrap(bills.last { $0.agreementID == agreement && $0.status != "cancelled" }, "no \(period) bill for \(agreement)")
    }

    func testSolarBanksThroughBillingRunsCancelAndRebill() async throws {
        try await withProgramsHost { host in
            let loaded = try await self.load(host)
            let sun = try XCTUnwrap(loaded.agreements["Sun"]), ray = try XCTUnwrap(loaded.agreements["Ray"]), dim = try XCTUnwrap(loaded.agreements["Dim"])
            let sunEnrolment = try await self.enrollSolar(host, sun, .with { $0.metering = "net_metering"; $0.trueUpMonth = 6; $0.yearendSellRate = "0.03" })
            XCTAssertEqual(sunEnrolment.solar.trueUpMonth, 6)
            XCTAssertEqual(sunEnrolment.history.first?.detail, "net_metering, true-up month 6, year-end sell rate 0.03")
            _ = try await self.enrollSolar(host, ray, .with { $0.metering = "net_billing_carryover" })
            let refused = await assertRPCError(.failedPrecondition) { try await self.enrollSolar(host, dim, .with { $0.metering = "net_billing" }) }
            XCTAssertTrue(refused?.message.contains("capability: meter SS3 has no kwh_received channel: exports cannot be measured") == true, refused?.message ?? "")
            let unnamed = await assertRPCError(.invalidArgument) { try await self.enrollSolar(host, ray, .with { $0.metering = "net" }) }
            XCTAssertEqual(unnamed?.message, "solar.metering: 'net' is not a metering option (net_metering, net_metering_dollars, net_billing, net_billing_carryover, buy_all_sell_all)")

            try await self.run(host, "2024-04")
            let sunApril = try await self.bill(host, sun, "2024-04")
            XCTAssertEqual(sunApril.rated.totalCents, 1_033)
            XCTAssertEqual(sunApril.rated.solar.banks.map(\.endMwh), [200_000_000])
            let rayApril = try await self.bill(host, ray, "2024-04")
            XCTAssertEqual(rayApril.rated.totalCents, 1_033)
            XCTAssertEqual(rayApril.rated.solar.carryoverEndCents, 2_200)
            XCTAssertTrue(rayApril.rated.notes.contains("Solar net_billing_carryover (enrolment \(rayApril.input.solar.enrolmentID)): carryover 0.00 + 32.00 − 10.00 = 22.00"), "\(rayApril.rated.notes)")

            try await self.run(host, "2024-05")
            try await self.run(host, "2024-05")  // a re-run moves nothing twice
            let sunMay = try await self.bill(host, sun, "2024-05")
            XCTAssertEqual(sunMay.rated.totalCents, 1_000)
            XCTAssertEqual(sunMay.input.solar.bankStartMwh, [200_000_000])
            XCTAssertEqual(sunMay.rated.solar.banks.map(\.endMwh), [100_000_000])
            let rayMay = try await self.bill(host, ray, "2024-05")
            XCTAssertEqual(rayMay.rated.totalCents, 1_000)
            var bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun })
            XCTAssertEqual(bank.balance.bankMwh, [100_000_000])
            XCTAssertEqual(bank.bills.map(\.billID), [sunMay.id, sunApril.id])
            // What a specialist reads: the bank in kWh, May's bill applying 100 of April's 200.
            let shown = try await SettleCLI.run(["program", "solar-bank", String(sun)], socket: host.runtime.configuration.socketPath)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout.contains("(net_metering): bank 100 kWh, carried 0.00"), shown.stdout)
            let may = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix(sunMay.id) }, shown.stdout)
            // BILL, the period's three words, STATUS, then BANK START, ADDED, APPLIED, PAID OUT, BANK END.
            let columns = may.split(separator: " ").map(String.init)
            XCTAssertEqual(Array(columns.dropFirst(5).prefix(5)), ["200", "0", "100", "0", "100"], String(may))

            // Cancel and rebill May: the cancel gives the 100 kWh back, the rebill takes them again.
            let cancelled = try await host.rating.cancelBill(.with { $0.idempotencyKey = freshKey("cancel"); $0.billID = sunMay.id; $0.reason = "meter read disputed"; $0.rebill = true })
            XCTAssertEqual(cancelled.rebill.input.solar.bankStartMwh, [200_000_000])
            XCTAssertEqual(cancelled.rebill.rated.totalCents, 1_000)
            bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun })
            XCTAssertEqual(bank.bills.map(\.status), ["recorded", "cancelled", "recorded"])
            XCTAssertEqual(bank.balance.afterBillID, cancelled.rebill.id)
            XCTAssertEqual(bank.balance.bankMwh, [100_000_000])
            // Audited: the cancel with before and after, the reason Rating gave.
            let store = try host.runtime.store(of: "programs")
            let audit = try await store.auditRecords(entity: "solar_bank/\(sunEnrolment.id)/\(sunMay.id)")
            XCTAssertEqual(audit.count, 1)
            XCTAssertEqual(audit.first?.reason, "cancelled \(sunMay.id): meter read disputed")
            XCTAssertTrue(audit.first?.before.contains("\"status\":\"recorded\"") == true, audit.first?.before ?? "")
            XCTAssertTrue(audit.first?.after.contains("\"status\":\"cancelled\"") == true, audit.first?.after ?? "")

            // June is Sun's true-up: the 200 kWh bank paid at 0.03.
            try await self.run(host, "2024-06")
            let sunJune = try await self.bill(host, sun, "2024-06")
            XCTAssertEqual(sunJune.input.solar.bankStartMwh, [100_000_000])
            XCTAssertEqual(sunJune.rated.solar.trueUpCreditCents, 600)
            XCTAssertEqual(sunJune.rated.totalCents, 433)
            let rayJune = try await self.bill(host, ray, "2024-06")
            XCTAssertEqual(rayJune.rated.totalCents, 2_033)
            bank = try await host.programs.getSolarBank(.with { $0.agreementID = sun })
            XCTAssertEqual(bank.balance.bankMwh, [0])

            let ledger = try await host.collections.checkLedger(.init())
            XCTAssertTrue(ledger.balanced, "\(ledger.problems)")
        }
    }

    /// `settle bill simulate --agreement N` takes the agreement's solar metering: July 2024,
    /// 3 kWh delivered and 5 received → 2 kWh banked, 10.00 (the customer charge) owed.
    func testSimulationTakesTheAgreementsSolarEnrolment() async throws {
        try await withProgramsHost { host in
            let loaded = try await self.load(host)
            let sun = try XCTUnwrap(loaded.agreements["Sun"])
            let enrolment = try await self.enrollSolar(host, sun, .with { $0.metering = "net_metering"; $0.trueUpMonth = 6; $0.yearendSellRate = "0.03" })
            let result = try await host.rating.simulateBill(.with {
                $0.tariffCode = "RES-SOLAR"
                $0.agreementID = sun
                $0.loadCsv = Data("start,delivered_kwh,received_kwh\n2024-07-01T00:00,1,5\n2024-07-01T01:00,2,0\n".utf8)
            })
            XCTAssertEqual(result.notes, ["Solar (enrolment \(enrolment.id)): net_metering, true-up month 6, the bank empty at the file's start"])
            XCTAssertEqual(result.months.map(\.total), ["10.00"])
            XCTAssertEqual(result.months.map(\.bankKwhEnd), ["2"])
        }
    }
}
