import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Solar bills rated from their determinants and the bank they start from, by hand.
final class SolarBillTests: XCTestCase {
    static func solar(_ metering: String, bank: [Int64] = [], lots: [(String, Int64)] = [], trueUp: UInt32 = 12, sell: String = "", expiry: UInt32 = 0) -> Settle_Rating_V1_SolarTerms {
        var terms = Settle_Rating_V1_SolarTerms()
        terms.metering = metering
        terms.trueUpMonth = trueUp
        terms.yearendSellRate = sell
        terms.creditExpiryMonths = expiry
        terms.enrolmentID = "E000001"
        terms.bankStartMwh = bank.map { $0 * 1_000_000 }
        terms.carryoverStart = lots.map { lot in .with { $0.earned = lot.0; $0.cents = lot.1 } }
        return terms
    }

    static func flat(_ code: String, riders: [Settle_Rating_V1_Rider] = [], tax: String = "") -> Settle_Rating_V1_TariffVersion {
        Build.version(code, from: "2024-01-01") {
            $0.customerCharge = Build.fixed("10")
            $0.energy = Build.energy(Build.tier("0.10", sell: "0.08"))
            $0.riders = riders
            if !tax.isEmpty {
                var sales = Settle_Rating_V1_Tax()
                sales.name = "Sales tax"
                sales.taxType = "sales-tax"
                sales.percent = tax
                $0.taxes = [sales]
            }
        }
    }

    static func rider(_ name: String, unit: String, rate: String, nonBypassable: Bool) -> Settle_Rating_V1_Rider {
        var rider = Settle_Rating_V1_Rider()
        rider.name = name
        rider.unit = unit
        rider.values = [.with { $0.effectiveFrom = "2024-01-01"; $0.rate = rate }]
        rider.nonBypassable = nonBypassable
        return rider
    }

    /// A TOU net-metering month keeps the bank per period: off-peak delivers 400 and receives
    /// 100 with 50 kWh banked from before → 250 bought at 0.08 = 20.00, its bank used up;
    /// on-peak delivers 100 and receives 300 → 200 kWh banked on-peak, which does not offset
    /// the off-peak kWh. 10.00 + 20.00 = 30.00. Bank 50/0 → 0/200.
    func testTimeOfUseNetMeteringKeepsTheBankPerPeriod() async throws {
        try await withRatingHost { host in
            try await host.tariff("SOLAR-TOU")
            let version = try await host.save(Build.version("SOLAR-TOU", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("10")
                var energy = Settle_Rating_V1_EnergyCharge()
                energy.periods = [Build.period("off-peak", Build.tier("0.08", sell: "0.04")), Build.period("on-peak", Build.tier("0.20", sell: "0.10"))]
                energy.weekday = Build.schedule { _, hour in (14...19).contains(hour) ? 1 : 0 }
                energy.weekend = Build.schedule { _, _ in 0 }
                $0.energy = energy
            })
            let input = Build.input("2024-06-01", "2024-07-01") {
                $0.touWh = [400_000, 100_000]
                $0.touReceivedWh = [100_000, 300_000]
                $0.deliveredWh = 500_000
                $0.receivedWh = 400_000
                $0.solar = Self.solar("net_metering", bank: [50, 0])
            }
            let bill = try await host.rate("SOLAR-TOU", version: version.version, input)
            XCTAssertEqual(bill.lines.filter { $0.component == "energy" }.map(\.quantity), ["250", "0"])
            XCTAssertEqual(bill.totalCents, 3_000)
            XCTAssertEqual(bill.solar.banks.map(\.name), ["off-peak", "on-peak"])
            XCTAssertEqual(bill.solar.banks.map(\.startMwh), [50_000_000, 0])
            XCTAssertEqual(bill.solar.banks.map(\.appliedMwh), [50_000_000, 0])
            XCTAssertEqual(bill.solar.banks.map(\.addedMwh), [0, 200_000_000])
            XCTAssertEqual(bill.solar.banks.map(\.endMwh), [0, 200_000_000])
            XCTAssertEqual(bill.notes.last, "Solar net_metering (enrolment E000001): bank off-peak 50 + 0 − 50 = 0 kWh; on-peak 0 + 200 − 0 = 200 kWh")
            // Without interval data a TOU tariff cannot net per period.
            var register = input
            register.touWh = []
            register.touReceivedWh = []
            let refused = await assertRPCError(.failedPrecondition) { try await host.rate("SOLAR-TOU", version: version.version, register) }
            XCTAssertEqual(refused?.message, "solar net_metering on a time-of-use tariff nets kWh per period: it needs kWh delivered and received per period (interval data)")
        }
    }

    /// Net billing that would go below the customer charge and the non-bypassable rider:
    /// customer 10.00, energy 100 kWh × 0.10 = 10.00, public purpose 2.00 (non-bypassable),
    /// fuel 100 × 0.01 = 1.00 (bypassable) = 23.00; exports 400 × 0.08 = 32.00 but only 11.00
    /// may apply (23.00 − the 12.00 floor); 21.00 not applied. Sales tax 5 % on the 12.00 owed
    /// = 0.60 → 12.60.
    func testCreditStopsAtTheNonBypassableCharges() async throws {
        try await withRatingHost { host in
            try await host.tariff("SOLAR-NB")
            let version = try await host.save(Self.flat("SOLAR-NB", riders: [
                Self.rider("Public purpose", unit: "month", rate: "2", nonBypassable: true),
                Self.rider("Fuel", unit: "kwh", rate: "0.01", nonBypassable: false),
            ], tax: "5"))
            let input = Build.input("2024-06-01", "2024-07-01", kwh: 100) {
                $0.receivedWh = 400_000
                $0.solar = Self.solar("net_billing")
            }
            let bill = try await host.rate("SOLAR-NB", version: version.version, input)
            XCTAssertEqual(bill.lines.filter { $0.component == "export_credit" }.map(\.amountCents), [-3_200, 2_100])
            XCTAssertEqual(cents(bill, "Sales tax"), 60)
            XCTAssertEqual(bill.totalCents, 1_260)
            XCTAssertEqual(bill.solar.nonBypassableCents, 1_200)
            XCTAssertEqual(bill.solar.limitedCents, 2_100)
            // Net metering's kWh never touch the customer charge or the riders: all 100 kWh
            // come from the bank, the rest is billed: 10 + 2 + 1 = 13.00 + 0.65 tax.
            var metered = input
            metered.solar = Self.solar("net_metering", bank: [150])
            metered.receivedWh = 0
            let netMetered = try await host.rate("SOLAR-NB", version: version.version, metered)
            XCTAssertEqual(netMetered.totalCents, 1_365)
            XCTAssertEqual(netMetered.solar.banks.map(\.endMwh), [50_000_000])
        }
    }

    /// Net billing with carryover and expiry (2 months): a May bill starts with 5.00 earned in
    /// February (3 months old: expired) and 3.00 from April. 100 kWh × 0.10 = 10.00 energy; 50
    /// kWh exported × 0.08 = 4.00 earned; April's 3.00 and May's 4.00 apply → 10 + 3 = 13.00,
    /// nothing carried. Exporting 200 kWh instead earns 16.00: 3.00 + 7.00 apply, 9.00 is
    /// carried as May's → 10.00.
    func testCarryoverExpires() async throws {
        try await withRatingHost { host in
            try await host.tariff("SOLAR-CO")
            let version = try await host.save(Self.flat("SOLAR-CO"))
            let lots = [("2024-02", Int64(500)), ("2024-04", Int64(300))]
            let small = Build.input("2024-05-01", "2024-05-31", kwh: 100) {
                $0.receivedWh = 50_000
                $0.solar = Self.solar("net_billing_carryover", lots: lots, expiry: 2)
            }
            let first = try await host.rate("SOLAR-CO", version: version.version, small)
            XCTAssertEqual(first.totalCents, 1_300)
            XCTAssertEqual(first.solar.carryoverExpiredCents, 500)
            XCTAssertEqual(first.solar.carryoverAppliedCents, 700)
            XCTAssertEqual(first.solar.carryoverEndCents, 0)
            var large = small
            large.receivedWh = 200_000
            let second = try await host.rate("SOLAR-CO", version: version.version, large)
            XCTAssertEqual(second.totalCents, 1_000)
            XCTAssertEqual(second.solar.carryoverEnd.map(\.earned), ["2024-05"])
            XCTAssertEqual(second.solar.carryoverEnd.map(\.cents), [900])
            XCTAssertEqual(second.solar.carryoverAddedCents, 1_600)
        }
    }

    /// The true-up bill (December): 500 kWh banked, 100 used → 400 paid at 0.03 = 12.00 after
    /// the taxes on what was owed (5 % of the 10.00 customer charge = 0.50): 10.50 − 12.00 = −1.50.
    func testTrueUpPaysTheBankAfterTaxes() async throws {
        try await withRatingHost { host in
            try await host.tariff("SOLAR-TU")
            let version = try await host.save(Self.flat("SOLAR-TU", tax: "5"))
            let input = Build.input("2024-11-20", "2024-12-20", kwh: 100) { $0.solar = Self.solar("net_metering", bank: [500], trueUp: 12, sell: "0.03") }
            let bill = try await host.rate("SOLAR-TU", version: version.version, input)
            XCTAssertEqual(cents(bill, "Sales tax"), 50)
            XCTAssertEqual(bill.lines.last?.component, "true_up_credit")
            XCTAssertEqual(bill.lines.last?.amountCents, -1_200)
            XCTAssertEqual(bill.totalCents, -150)
            XCTAssertTrue(bill.solar.trueUp)
            XCTAssertEqual(bill.solar.banks.map(\.paidOutMwh), [400_000_000])
            XCTAssertEqual(bill.solar.banks.map(\.endMwh), [0])
        }
    }
}
