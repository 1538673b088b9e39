import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import XCTest

/// `settle bill simulate --metering …` on five URDB rates under each of SAM's metering
/// options, against figures computed by hand.
///
/// The profile: in each month, 100 hourly rows (days 1–25, 08:00–11:59, off-peak on every
/// rate) carrying a hundredth of the month's kWh each, so the peak is a hundredth of the kWh:
/// month 1 delivers 300 kWh and receives 1,200 (peak 3 kW), month 2 delivers 600 and
/// receives 250 (6 kW), month 3 delivers 400 and receives 700 (4 kW). January–March 2018 with
/// the true-up in March; the seasonal rate runs May–July with the true-up in July (May is
/// winter, June and July summer). Year-end sell rate 0.02: a true-up pays 850 kWh × 0.02 = 17.00
/// under net metering (900 banked, 350 used, 300 banked).
final class SolarSimulationTests: XCTestCase {
    static func profile(year: Int = 2018, months: [Int]) -> String {
        let figures: [(delivered: String, received: String)] = [("3", "12"), ("6", "2.5"), ("4", "7")]
        var lines = ["start,delivered_kwh,received_kwh"]
        for (position, month) in months.enumerated() {
            for day in 1...25 {
                for hour in 8...11 {
                    lines.append(String(format: "%04d-%02d-%02dT%02d:00", year, month, day, hour) + ",\(figures[position].delivered),\(figures[position].received)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func simulate(_ host: RatingHost, code: String, metering: String, months: [Int], trueUp: UInt32) async throws -> Settle_Rating_V1_SimulateBillResponse {
        var request = Settle_Rating_V1_SimulateBillRequest()
        request.tariffCode = code
        request.loadCsv = Data(Self.profile(months: months).utf8)
        request.metering = metering
        request.trueUpMonth = trueUp
        request.yearendSellRate = "0.02"
        return try await host.maker.simulateBill(request)
    }

    func importRate(_ host: RatingHost, code: String, json: String) async throws {
        var request = Settle_Rating_V1_ImportUrdbTariffRequest()
        request.idempotencyKey = freshKey("urdb")
        request.code = code
        request.urdbJson = Data(json.utf8)
        _ = try await host.maker.importUrdbTariff(request)
    }

    /// Each rate's monthly totals (what the customer owes) under each option, by hand:
    ///
    /// FLAT (10 $/month, 0.12, sell 0.04):
    /// - net_metering: 900 banked → 10.00; 350 used from the bank (550 left) → 10.00; 300
    ///   banked (850), paid 17.00 → 10 − 17 = −7.00.
    /// - net_metering_dollars: 900 × 0.04 = 36.00 carried → 10.00; 350 × 0.12 = 42.00 − 36.00
    ///   → 16.00; 300 × 0.04 = 12.00 paid at the true-up → −2.00.
    /// - net_billing: 300 × 0.12 = 36.00 against 1,200 × 0.04 = 48.00, stopped at the 10.00
    ///   customer charge (12.00 not applied) → 10.00; 10 + 72 − 10 = 72.00; 10 + 48 − 28 = 30.00.
    /// - net_billing_carryover: 36.00 of 48.00 applied, 12.00 carried → 10.00; 72 − (12 + 10)
    ///   → 60.00; 48 − 28 → 30.00.
    /// - buy_all_sell_all: 10 + 36 − 48 = −2.00; 72.00; 30.00.
    ///
    /// TIERED (8 $/month, minimum 15, 500 kWh at 0.10 then 0.14, sell 0.05):
    /// - net_metering: 8 → minimum 15.00; 15.00; 15 − 17 = −2.00.
    /// - net_metering_dollars: 45.00 carried → 15.00; 350 × 0.10 = 35.00 − 35.00 (10.00 left)
    ///   → 8 → 15.00; 10.00 + 300 × 0.05 = 15.00 → 25.00 paid → 15 − 25 = −10.00.
    /// - net_billing: 30.00 against 60.00, stopped at 8.00 → minimum → 15.00; 500 × 0.10 + 100 ×
    ///   0.14 = 64.00, 8 + 64 − 12.50 = 59.50; 8 + 40 − 35 = 13 → 15.00.
    /// - net_billing_carryover: 30 applied, 30 carried → 15.00; 8 + 64 − 42.50 = 29.50; 15.00.
    /// - buy_all_sell_all: 8 + 30 − 60 = −22 → minimum 37.00 → 15.00; 59.50; 15.00.
    ///
    /// URDB-TOU (`URDBFixture`: 10 $/month, minimum 25, off-peak 429.5 kWh at 0.09 then 0.12,
    /// sell 0.03, flat demand 2.50 $/kW on 3, 6, 4 kW = 7.50, 15.00, 10.00):
    /// - net_metering: 17.50 → 25.00; 25.00; 20 → 25 − 17 = 8.00.
    /// - net_metering_dollars: 27.00 carried → 25.00; 350 × 0.09 = 31.50 − 27 + 25 = 29.50;
    ///   300 × 0.03 = 9.00 paid → 25 − 9 = 16.00.
    /// - net_billing: 27.00 against 36.00 stopped at the 10.00 customer charge (34.50 applied:
    ///   10 + 27 + 7.50 − 34.50 = 10) → minimum → 25.00; 429.5 × 0.09 = 38.655 → 38.66 + 170.5 × 0.12 = 20.46 → 59.12,
    ///   10 + 59.12 + 15 − 7.50 = 76.62; 10 + 36 + 10 − 21 = 35.00.
    /// - net_billing_carryover: 27 of 36 applied → 17.50 → 25.00; 59.12 − (9 + 7.50) + 25 =
    ///   67.62; 35.00.
    /// - buy_all_sell_all: 10 + 27 + 7.50 − 36 = 8.50 → 25.00; 76.62; 35.00.
    ///
    /// SEASONAL (12 $/month; May winter 0.09/0.03, June–July summer 0.15/0.06; one bank):
    /// - net_metering: 12.00; 12.00; 12 − 17 = −5.00.
    /// - net_metering_dollars: 27.00 carried → 12.00; 350 × 0.15 = 52.50 − 27 + 12 = 37.50;
    ///   300 × 0.06 = 18.00 paid → −6.00.
    /// - net_billing: 27 against 36, stopped at 12.00; 12 + 90 − 15 = 87.00; 12 + 60 − 42 = 30.00.
    /// - net_billing_carryover: 27 applied, 9 carried → 12.00; 12 + 90 − 24 = 78.00; 30.00.
    /// - buy_all_sell_all: 12 + 27 − 36 = 3.00; 87.00; 30.00.
    ///
    /// DEMAND (25 $/month, 0.07, sell 0.03, 8 $/kW on 3, 6, 4 kW = 24, 48, 32):
    /// - net_metering: 49.00; 73.00; 25 + 32 − 17 = 40.00.
    /// - net_metering_dollars: 27.00 carried → 49.00; 350 × 0.07 = 24.50 all offset (2.50
    ///   left) → 73.00; 2.50 + 9.00 paid → 25 + 32 − 11.50 = 45.50.
    /// - net_billing: 25 + 21 + 24 − 36 = 34.00; 25 + 42 + 48 − 7.50 = 107.50; 25 + 28 + 32 − 21 = 64.00.
    /// - net_billing_carryover: 21 of 36 applied → 49.00; 42 − 22.50 → 92.50; 64.00.
    /// - buy_all_sell_all: as net billing: 34.00; 107.50; 64.00.
    static let expected: [(code: String, months: [Int], trueUp: UInt32, totals: [String: [String]])] = [
        ("SOLAR-FLAT", [1, 2, 3], 3, [
            "net_metering": ["10.00", "10.00", "-7.00"], "net_metering_dollars": ["10.00", "16.00", "-2.00"],
            "net_billing": ["10.00", "72.00", "30.00"], "net_billing_carryover": ["10.00", "60.00", "30.00"], "buy_all_sell_all": ["-2.00", "72.00", "30.00"],
        ]),
        ("SOLAR-TIER", [1, 2, 3], 3, [
            "net_metering": ["15.00", "15.00", "-2.00"], "net_metering_dollars": ["15.00", "15.00", "-10.00"],
            "net_billing": ["15.00", "59.50", "15.00"], "net_billing_carryover": ["15.00", "29.50", "15.00"], "buy_all_sell_all": ["15.00", "59.50", "15.00"],
        ]),
        ("URDB-TOU", [1, 2, 3], 3, [
            "net_metering": ["25.00", "25.00", "8.00"], "net_metering_dollars": ["25.00", "29.50", "16.00"],
            "net_billing": ["25.00", "76.62", "35.00"], "net_billing_carryover": ["25.00", "67.62", "35.00"], "buy_all_sell_all": ["25.00", "76.62", "35.00"],
        ]),
        ("SOLAR-SEASON", [5, 6, 7], 7, [
            "net_metering": ["12.00", "12.00", "-5.00"], "net_metering_dollars": ["12.00", "37.50", "-6.00"],
            "net_billing": ["12.00", "87.00", "30.00"], "net_billing_carryover": ["12.00", "78.00", "30.00"], "buy_all_sell_all": ["3.00", "87.00", "30.00"],
        ]),
        ("SOLAR-DEMAND", [1, 2, 3], 3, [
            "net_metering": ["49.00", "73.00", "40.00"], "net_metering_dollars": ["49.00", "73.00", "45.50"],
            "net_billing": ["34.00", "107.50", "64.00"], "net_billing_carryover": ["49.00", "92.50", "64.00"], "buy_all_sell_all": ["34.00", "107.50", "64.00"],
        ]),
    ]

    func testFiveURDBRatesUnderEveryMeteringOption() async throws {
        try await withRatingHost { host in
            try await self.importRate(host, code: "SOLAR-FLAT", json: SolarURDBFixtures.flat)
            try await self.importRate(host, code: "SOLAR-TIER", json: SolarURDBFixtures.tiered)
            try await self.importRate(host, code: "URDB-TOU", json: URDBFixture.json)
            try await self.importRate(host, code: "SOLAR-SEASON", json: SolarURDBFixtures.seasonal)
            try await self.importRate(host, code: "SOLAR-DEMAND", json: SolarURDBFixtures.demand)
            for rate in Self.expected {
                for (metering, totals) in rate.totals.sorted(by: { $0.key < $1.key }) {
                    let result = try await self.simulate(host, code: rate.code, metering: metering, months: rate.months, trueUp: rate.trueUp)
                    XCTAssertEqual(result.months.map(\.total), totals, "\(rate.code) \(metering)")
                }
            }
        }
    }

    /// The keys each option adds: the bank left (net metering), the dollars carried, the true-up.
    func testMonthsCarryTheBankCarryoverAndTrueUp() async throws {
        try await withRatingHost { host in
            try await self.importRate(host, code: "SOLAR-FLAT", json: SolarURDBFixtures.flat)
            let metering = try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_metering", months: [1, 2, 3], trueUp: 3)
            XCTAssertEqual(metering.months.map(\.bankKwhEnd), ["900", "550", "0"])
            XCTAssertEqual(metering.months.map(\.trueUpCredit), ["", "", "17.00"])
            XCTAssertEqual(metering.months.map(\.energy), ["0.00", "0.00", "0.00"])
            XCTAssertEqual(metering.months[2].solar.banks.map(\.paidOutMwh), [850_000_000])
            XCTAssertEqual(metering.total, "13.00")
            let dollars = try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_metering_dollars", months: [1, 2, 3], trueUp: 3)
            XCTAssertEqual(dollars.months.map(\.carryoverDollarsEnd), ["36.00", "0.00", "0.00"])
            XCTAssertEqual(dollars.months.map(\.exportCredit), ["0.00", "36.00", "0.00"])
            XCTAssertEqual(dollars.months.map(\.trueUpCredit), ["", "", "12.00"])
            let carryover = try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_billing_carryover", months: [1, 2, 3], trueUp: 3)
            XCTAssertEqual(carryover.months.map(\.carryoverDollarsEnd), ["12.00", "0.00", "0.00"])
            XCTAssertEqual(carryover.months.map(\.exportCredit), ["36.00", "22.00", "28.00"])
            let billing = try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_billing", months: [1, 2, 3], trueUp: 3)
            XCTAssertEqual(billing.months[0].solar.limitedCents, 1_200)
            XCTAssertEqual(billing.months.map(\.bankKwhEnd), ["", "", ""])
        }
    }

    /// A year of net metering with rollover: the March true-up turns the 850 kWh bank into
    /// 17.00 carried in dollars, applied against later energy charges (April: 100 kWh × 0.12
    /// = 12.00, all offset, 5.00 left) — SAM's `ur_nm_credit_rollover`.
    func testRolloverCarriesTheTrueUpInDollars() async throws {
        try await withRatingHost { host in
            try await self.importRate(host, code: "SOLAR-FLAT", json: SolarURDBFixtures.flat)
            var request = Settle_Rating_V1_SimulateBillRequest()
            request.tariffCode = "SOLAR-FLAT"
            let april = (1...25).flatMap { day in (8...11).map { String(format: "2018-04-%02dT%02d:00,1,0", day, $0) } }
            request.loadCsv = Data((Self.profile(months: [1, 2, 3]) + april.joined(separator: "\n") + "\n").utf8)
            request.metering = "net_metering"
            request.trueUpMonth = 3
            request.yearendSellRate = "0.02"
            request.rollover = true
            let result = try await host.maker.simulateBill(request)
            XCTAssertEqual(result.months.map(\.total), ["10.00", "10.00", "10.00", "10.00"])
            XCTAssertEqual(result.months.map(\.carryoverDollarsEnd), ["", "", "17.00", "5.00"])
            XCTAssertEqual(result.months.map(\.bankKwhEnd), ["900", "550", "0", "0"])
        }
    }

    func testBadMeteringIsNamed() async throws {
        try await withRatingHost { host in
            try await self.importRate(host, code: "SOLAR-FLAT", json: SolarURDBFixtures.flat)
            let error = await assertRPCError(.invalidArgument) { try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_meter", months: [1], trueUp: 3) }
            XCTAssertEqual(error?.message, "metering: 'net_meter' is not a metering option (net_metering, net_metering_dollars, net_billing, net_billing_carryover, buy_all_sell_all)")
            let month = await assertRPCError(.invalidArgument) { try await self.simulate(host, code: "SOLAR-FLAT", metering: "net_metering", months: [1], trueUp: 13) }
            XCTAssertEqual(month?.message, "true_up_month: 13 is not a month 1–12")
        }
    }
}

/// `settle bill simulate --metering …` through the built CLI: the keys every month had, and
/// the bank, the carryover and the true-up where they apply.
final class SolarSimulationCLITests: XCTestCase {
    func testSimulateWithMeteringOverTheSocket() async throws {
        try await withRatingHost { host in
            let socket = host.runtime.configuration.socketPath
            let urdb = try RatingCLITests.file(host.directory, "flat.json", SolarURDBFixtures.flat)
            let imported = try await SettleCLI.run(["tariff", "import", "--urdb", urdb, "--code", "SOLAR-FLAT"], socket: socket)
            XCTAssertEqual(imported.status, 0, imported.stderr)
            let load = try RatingCLITests.file(host.directory, "load.csv", SolarSimulationTests.profile(months: [1, 2, 3]))
            let run = try await SettleCLI.run(["bill", "simulate", "--tariff", "SOLAR-FLAT", "--load", load, "--metering", "net_metering",
                                               "--true-up-month", "3", "--yearend-sell-rate", "0.02", "--json"], socket: socket)
            XCTAssertEqual(run.status, 0, run.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(object["total"] as? String, "13.00")
            let months = try XCTUnwrap(object["months"] as? [[String: Any]])
            XCTAssertEqual(months.map { $0 as? [String: String] }, [
                ["month": "2018-01", "fixed": "10.00", "energy": "0.00", "demand": "0.00", "minimum": "0.00", "export_credit": "0.00", "total": "10.00", "bank_kwh_end": "900"],
                ["month": "2018-02", "fixed": "10.00", "energy": "0.00", "demand": "0.00", "minimum": "0.00", "export_credit": "0.00", "total": "10.00", "bank_kwh_end": "550"],
                ["month": "2018-03", "fixed": "10.00", "energy": "0.00", "demand": "0.00", "minimum": "0.00", "export_credit": "0.00", "total": "-7.00", "bank_kwh_end": "0", "true_up_credit": "17.00"],
            ])
            let carried = try await SettleCLI.run(["bill", "simulate", "--tariff", "SOLAR-FLAT", "--load", load, "--metering", "net_billing_carryover", "--true-up-month", "3"], socket: socket)
            XCTAssertEqual(carried.status, 0, carried.stderr)
            XCTAssertTrue(carried.stdout.contains("CARRIED"), carried.stdout)
            XCTAssertTrue(carried.stdout.contains("total 100.00"), carried.stdout)
        }
    }
}
