import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// Bills computed by hand, rated by the real module in-process; every amount to the cent.
final class HandComputedBillTests: XCTestCase {
    /// Flat residential with a monthly power supply adjustment (PSA) rider.
    ///
    /// Period 2024-05-15 → 2024-06-14 (30 days: 17 in May, 13 in June), 900 kWh.
    /// Customer 12.50 × 30/30 = 12.50; energy 900 × 0.1123 = 101.07;
    /// PSA May 900 × 17/30 = 510 kWh × 0.004512 = 2.30112 → 2.30;
    /// PSA June 390 kWh × −0.00125 = −0.4875 → −0.49 (half away from zero).
    /// Total 12.50 + 101.07 + 2.30 − 0.49 = 115.38.
    func testFlatResidentialWithMonthlyPowerSupplyAdjustment() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-1")
            var psa = Settle_Rating_V1_Rider()
            psa.name = "Power supply adjustment"
            psa.unit = "kwh"
            for (from, rate) in [("2024-04-01", "0.003000"), ("2024-05-01", "0.004512"), ("2024-06-01", "-0.00125")] {
                var value = Settle_Rating_V1_RiderValue()
                value.effectiveFrom = from
                value.rate = rate
                psa.values.append(value)
            }
            let version = Build.version("RES-1", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("12.50")
                $0.energy = Build.energy(Build.tier("0.1123"))
                $0.riders = [psa]
                $0.scenarios = [Build.scenario("900 kWh across the May/June PSA change", Build.input("2024-05-15", "2024-06-14", kwh: 900), total: 11538)]
            }
            try await host.activate(version)
            let bill = try await host.rate("RES-1", Build.input("2024-05-15", "2024-06-14", kwh: 900))
            XCTAssertEqual(cents(bill, "Customer charge"), 1250)
            XCTAssertEqual(cents(bill, "Energy"), 10107)
            let psaLines = bill.lines.filter { $0.component == "rider" }
            XCTAssertEqual(psaLines.map(\.amountCents), [230, -49])
            XCTAssertEqual(psaLines.map(\.quantity), ["510", "390"])
            XCTAssertEqual(psaLines.map(\.fromDate), ["2024-05-15", "2024-06-01"])
            XCTAssertEqual(bill.totalCents, 11538)
            XCTAssertEqual(bill.days, 30)
        }
    }

    /// Inclining blocks with proration across a mid-period rate change.
    ///
    /// v1 (from 2024-01-01): customer 9.00; first 500 kWh at 0.10, the rest at 0.12.
    /// v2 (from 2024-03-13): customer 10.00; first 600 kWh at 0.11, the rest at 0.14.
    /// Period 2024-03-01 → 2024-03-31 (30 days): 12 days under v1, 18 under v2; 1,234 kWh.
    /// v1: 1,234 × 12/30 = 493.6 kWh; block 500 × 12/30 = 200 → 200 × 0.10 = 20.00,
    ///     293.6 × 0.12 = 35.232 → 35.23; customer 9 × 12/30 = 3.60.
    /// v2: 740.4 kWh; block 600 × 18/30 = 360 → 360 × 0.11 = 39.60, 380.4 × 0.14 = 53.256 →
    ///     53.26; customer 10 × 18/30 = 6.00.
    /// Total 3.60 + 20.00 + 35.23 + 6.00 + 39.60 + 53.26 = 157.69.
    func testIncliningBlocksProratedAcrossRateChange() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-B")
            try await host.activate(Build.version("RES-B", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("9.00")
                $0.energy = Build.energy(Build.tier("0.10", max: "500"), Build.tier("0.12"))
                // 700 kWh in 30 days: 9 + 50 + 24 = 83.00.
                $0.scenarios = [Build.scenario("700 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 700), total: 8300)]
            })
            try await host.activate(Build.version("RES-B", from: "2024-03-13") {
                $0.customerCharge = Build.fixed("10.00")
                $0.energy = Build.energy(Build.tier("0.11", max: "600"), Build.tier("0.14"))
                // 700 kWh in 30 days: 10 + 66 + 14 = 90.00.
                $0.scenarios = [Build.scenario("700 kWh", Build.input("2024-04-01", "2024-05-01", kwh: 700), total: 9000)]
            })
            let bill = try await host.rate("RES-B", Build.input("2024-03-01", "2024-03-31", kwh: 1_234))
            let v1 = bill.lines.filter { $0.tariffVersion == "RES-B@1" }
            let v2 = bill.lines.filter { $0.tariffVersion == "RES-B@2" }
            XCTAssertEqual(v1.map(\.amountCents), [360, 2000, 3523])
            XCTAssertEqual(v1.map(\.quantity), ["12/30", "200", "293.6"])
            XCTAssertEqual(v2.map(\.amountCents), [600, 3960, 5326])
            XCTAssertEqual(v2.map(\.quantity), ["18/30", "360", "380.4"])
            XCTAssertEqual(v2.first?.fromDate, "2024-03-13")
            XCTAssertEqual(v2.first?.toDate, "2024-03-30")
            XCTAssertEqual(bill.totalCents, 15769)
        }
    }

    /// Summer/winter seasonal: June–September summer at 0.13, otherwise winter at 0.09.
    ///
    /// Period 2024-05-17 → 2024-06-16 (30 days: 15 winter, 15 summer), 1,001 kWh:
    /// 500.5 kWh each. Winter 500.5 × 0.09 = 45.045 → 45.05; summer 500.5 × 0.13 = 65.065 →
    /// 65.07; customer 10.00. Total 120.12. With half-even rounding: 45.04 + 65.06 → 120.10.
    func testSummerWinterSeasonal() async throws {
        try await withRatingHost { host in
            try await host.tariff("SEAS")
            func seasonal(_ rounding: String) -> Settle_Rating_V1_TariffVersion {
                Build.version("SEAS", from: "2024-01-01") {
                    $0.rounding = rounding
                    $0.customerCharge = Build.fixed("10")
                    var energy = Settle_Rating_V1_EnergyCharge()
                    energy.periods = [Build.period("winter", Build.tier("0.09")), Build.period("summer", Build.tier("0.13"))]
                    energy.weekday = Build.schedule { month, _ in (6...9).contains(month) ? 1 : 0 }
                    $0.energy = energy
                }
            }
            let halfUp = try await host.save(seasonal("half_up"))
            let bill = try await host.rate("SEAS", version: halfUp.version, Build.input("2024-05-17", "2024-06-16", kwh: 1_001))
            XCTAssertEqual(cents(bill, "Energy winter"), 4505)
            XCTAssertEqual(cents(bill, "Energy summer"), 6507)
            XCTAssertEqual(bill.lines.filter { $0.component == "energy" }.map(\.quantity), ["500.5", "500.5"])
            XCTAssertEqual(bill.totalCents, 12012)

            let halfEven = try await host.save(seasonal("half_even"))
            let even = try await host.rate("SEAS", version: halfEven.version, Build.input("2024-05-17", "2024-06-16", kwh: 1_001))
            XCTAssertEqual(even.totalCents, 12010)

            // All summer: July, 30 days, 1,001 kWh × 0.13 = 130.13 + 10.00.
            let july = try await host.rate("SEAS", version: halfUp.version, Build.input("2024-07-01", "2024-07-31", kwh: 1_001))
            XCTAssertEqual(july.totalCents, 14013)
        }
    }

    /// Demand with an 80 % / 11-month ratchet and a power-factor adjustment.
    ///
    /// Customer 50.00; energy 0.06/kWh; demand 12.345/kW; ratchet 80 % of the highest billing
    /// demand of the previous 11 months; power factor target 0.90.
    /// July 2024: 30,000 kWh, 40,000 kvarh → PF = 30,000 / 50,000 = 0.6; measured 100 kW →
    /// billing 100 × 0.9 / 0.6 = 150 kW × 12.345 = 1,851.75; energy 1,800.00. Total 3,701.75.
    /// January 2025: 20,000 kWh, PF 1, measured 90 kW; history 150 kW (2024-07), 95 kW
    /// (2024-12), 400 kW (2023-12, older than 11 months: ignored) → ratchet 0.8 × 150 = 120 kW
    /// × 12.345 = 1,481.40; energy 1,200.00. Total 2,731.40.
    func testDemandWithRatchetAndPowerFactor() async throws {
        try await withRatingHost { host in
            try await host.tariff("LGS", rateClass: "large_commercial")
            var demand = Settle_Rating_V1_DemandCharge()
            demand.flatPeriods = [Build.period("all", Build.tier("12.345"))]
            demand.ratchetPercent = "80"
            demand.ratchetMonths = 11
            demand.powerFactorTarget = "0.9"
            let version = try await host.save(Build.version("LGS", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("50")
                $0.energy = Build.energy(Build.tier("0.06"))
                $0.demand = demand
            })
            let july = try await host.rate("LGS", version: version.version, Build.input("2024-07-01", "2024-07-31", kwh: 30_000) {
                $0.kvarhVarh = 40_000_000
                $0.maxDemandW = 100_000
            })
            XCTAssertEqual(july.billingDemandW, 150_000)
            XCTAssertEqual(cents(july, "Demand"), 185_175)
            XCTAssertEqual(cents(july, "Energy"), 180_000)
            XCTAssertEqual(july.totalCents, 370_175)
            XCTAssertTrue(july.notes.contains { $0.hasPrefix("power factor 0.6 below 0.9") }, "\(july.notes)")

            let january = try await host.rate("LGS", version: version.version, Build.input("2025-01-01", "2025-01-31", kwh: 20_000) {
                $0.maxDemandW = 90_000
                for (period, watts) in [("2024-12", Int64(95_000)), ("2024-07", 150_000), ("2023-12", 400_000)] {
                    var past = Settle_Rating_V1_PastDemand()
                    past.period = period
                    past.billingDemandW = watts
                    $0.demandHistory.append(past)
                }
            })
            XCTAssertEqual(january.billingDemandW, 120_000)
            XCTAssertEqual(cents(january, "Demand"), 148_140)
            XCTAssertEqual(january.totalCents, 273_140)
            XCTAssertTrue(january.notes.contains { $0.hasPrefix("ratchet: 80% of 150 kW (2024-07)") }, "\(january.notes)")
        }
    }

    /// Commercial with sales tax and a franchise fee, for a taxed and a tax-exempt customer.
    ///
    /// Customer 25.00; 2,345 kWh × 0.0975 = 228.6375 → 228.64; sales tax 6.25 % of every
    /// line (253.64) = 15.8525 → 15.85; franchise fee 3 % of energy (228.64) = 6.8592 → 6.86.
    /// Total 276.35 (taxes 22.71). Exempt from sales tax: 253.64 + 6.86 = 260.50.
    func testCommercialWithSalesTaxAndExemptCustomer() async throws {
        try await withRatingHost { host in
            try await host.tariff("SGS", rateClass: "small_commercial")
            var sales = Settle_Rating_V1_Tax()
            sales.name = "Sales tax"
            sales.taxType = "sales-tax"
            sales.percent = "6.25"
            var franchise = Settle_Rating_V1_Tax()
            franchise.name = "Franchise fee"
            franchise.taxType = "franchise-fee"
            franchise.percent = "3"
            franchise.appliesTo = ["energy"]
            let version = try await host.save(Build.version("SGS", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("25")
                $0.energy = Build.energy(Build.tier("0.0975"))
                $0.taxes = [sales, franchise]
            })
            let taxed = try await host.rate("SGS", version: version.version, Build.input("2024-02-01", "2024-03-02", kwh: 2_345))
            XCTAssertEqual(cents(taxed, "Energy"), 22_864)
            XCTAssertEqual(cents(taxed, "Sales tax"), 1_585)
            XCTAssertEqual(cents(taxed, "Franchise fee"), 686)
            XCTAssertEqual(taxed.taxCents, 2_271)
            XCTAssertEqual(taxed.totalCents, 27_635)

            let exempt = try await host.rate("SGS", version: version.version, Build.input("2024-02-01", "2024-03-02", kwh: 2_345) {
                $0.exemptTaxTypes = ["sales-tax"]
            })
            XCTAssertEqual(cents(exempt, "Sales tax (exempt: sales-tax)"), 0)
            XCTAssertEqual(cents(exempt, "Franchise fee"), 686)
            XCTAssertEqual(exempt.totalCents, 26_050)
        }
    }

    /// Minimum bill of 20.00 a month over customer 5.00 + 0.10/kWh.
    ///
    /// 80 kWh: 5 + 8 = 13.00 → adjustment 7.00 → 20.00. 200 kWh: 25.00, no adjustment.
    /// 15-day period, 30 kWh: minimum 20 × 15/30 = 10.00; customer 2.50 + 3.00 = 5.50 →
    /// adjustment 4.50 → 10.00.
    func testMinimumBill() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-M")
            let version = try await host.save(Build.version("RES-M", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("5")
                $0.energy = Build.energy(Build.tier("0.10"))
                $0.minimumBill = Build.fixed("20")
            })
            let low = try await host.rate("RES-M", version: version.version, Build.input("2024-04-01", "2024-05-01", kwh: 80))
            XCTAssertEqual(cents(low, "Minimum bill adjustment (minimum 20.00)"), 700)
            XCTAssertEqual(low.totalCents, 2_000)
            let high = try await host.rate("RES-M", version: version.version, Build.input("2024-04-01", "2024-05-01", kwh: 200))
            XCTAssertFalse(high.lines.contains { $0.component == "minimum" })
            XCTAssertEqual(high.totalCents, 2_500)
            let short = try await host.rate("RES-M", version: version.version, Build.input("2024-04-01", "2024-04-16", kwh: 30))
            XCTAssertEqual(cents(short, "Minimum bill adjustment (minimum 10.00)"), 450)
            XCTAssertEqual(short.totalCents, 1_000)
        }
    }

    /// Water blocks per 1,000 gallons with a base charge by meter size, and wastewater on
    /// water use.
    ///
    /// 12,345 gallons = 12.345 kgal on a 5/8" meter. Water base 14.50; 3 kgal × 3.10 = 9.30;
    /// 7 kgal × 4.25 = 29.75; 2.345 kgal × 5.60 = 13.132 → 13.13. Wastewater base 18.00;
    /// 12.345 × 6.15 = 75.92175 → 75.92. Total 160.60. On a 1" meter the base is 22.75:
    /// 168.85.
    func testWaterBlocksAndWastewater() async throws {
        try await withRatingHost { host in
            try await host.tariff("W-RES", service: "water")
            let version = try await host.save(Build.version("W-RES", from: "2024-01-01") {
                var water = Settle_Rating_V1_VolumeCharge()
                for (size, amount) in [("5/8", "14.50"), ("1", "22.75")] {
                    var base = Settle_Rating_V1_MeterSizeCharge()
                    base.meterSize = size
                    base.amount = amount
                    water.base.append(base)
                }
                water.tiers = [Build.tier("3.10", max: "3"), Build.tier("4.25", max: "10"), Build.tier("5.60")]
                $0.water = water
                var sewer = Settle_Rating_V1_VolumeCharge()
                var base = Settle_Rating_V1_MeterSizeCharge()
                base.amount = "18"
                sewer.base = [base]
                sewer.tiers = [Build.tier("6.15")]
                $0.wastewater = sewer
            })
            let bill = try await host.rate("W-RES", version: version.version, Build.input("2024-04-01", "2024-05-01") {
                $0.gallonsThousandths = 12_345_000
                $0.meterSize = "5/8"
            })
            XCTAssertEqual(bill.lines.map(\.amountCents), [1_450, 930, 2_975, 1_313, 1_800, 7_592])
            XCTAssertEqual(bill.lines.map(\.description_p), [
                "Water base charge (5/8\" meter)", "Water block 1", "Water block 2", "Water block 3", "Wastewater base charge (5/8\" meter)", "Wastewater",
            ])
            XCTAssertEqual(bill.totalCents, 16_060)
            let larger = try await host.rate("W-RES", version: version.version, Build.input("2024-04-01", "2024-05-01") {
                $0.gallonsThousandths = 12_345_000
                $0.meterSize = "1"
            })
            XCTAssertEqual(larger.totalCents, 16_885)
            await assertRPCError(.failedPrecondition) {
                try await host.rate("W-RES", version: version.version, Build.input("2024-04-01", "2024-05-01") { $0.meterSize = "2" })
            }
        }
    }

    /// Three-period time of use rated on interval kWh per period (what Metering's
    /// determinants carry): March 2024, 31 days, 399 kWh off-peak × 0.08 = 31.92, 224 mid ×
    /// 0.12 = 26.88, 120 on-peak × 0.25 = 30.00; customer 15 × 31/30 = 15.50. Total 104.30.
    /// (`SimulationTests` derives the same kWh per period from the intervals themselves.)
    func testTimeOfUseOnPeriodDeterminants() async throws {
        try await withRatingHost { host in
            try await host.tariff("TOU-3")
            let version = try await host.save(TOUFixture.version())
            let bill = try await host.rate("TOU-3", version: version.version, Build.input("2024-03-01", "2024-04-01", kwh: 743) {
                $0.touWh = [399_000, 224_000, 120_000]
            })
            XCTAssertEqual(cents(bill, "Customer charge"), 1_550)
            XCTAssertEqual(cents(bill, "Energy off-peak"), 3_192)
            XCTAssertEqual(cents(bill, "Energy mid-peak"), 2_688)
            XCTAssertEqual(cents(bill, "Energy on-peak"), 3_000)
            XCTAssertEqual(bill.totalCents, 10_430)
            // Without kWh per period a TOU tariff cannot be rated: said, not guessed.
            let error = await assertRPCError(.failedPrecondition) {
                try await host.rate("TOU-3", version: version.version, Build.input("2024-03-01", "2024-04-01", kwh: 743))
            }
            XCTAssertTrue(error?.message.contains("time of use") == true, error?.message ?? "")
        }
    }

    /// Daily customer charge, "kWh daily" blocks, declining blocks and a summer-only ratchet.
    ///
    /// Customer 0.40/day × 31 days = 12.40. Blocks: first 20 kWh a day (× 31 = 620 kWh) at
    /// 0.12, the rest at 0.09 (declining); 1,000 kWh → 620 × 0.12 = 74.40, 380 × 0.09 = 34.20.
    /// Total 121.00. Demand 8.00/kW with a 75 % ratchet over 11 months counting only June–
    /// September: in March 2025, history 2024-07 100 kW and 2024-12 200 kW → the ratchet uses
    /// July only: 75 kW > 60 kW measured → 600.00.
    func testDailyChargesDailyBlocksAndSeasonalRatchet() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-D")
            var daily = Build.tier("0.12", max: "20")
            daily.unit = "kwh_daily"
            let version = try await host.save(Build.version("RES-D", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("0.40", per: "day")
                $0.energy = Build.energy(daily, Build.tier("0.09"))
            })
            let bill = try await host.rate("RES-D", version: version.version, Build.input("2024-03-01", "2024-04-01", kwh: 1_000))
            XCTAssertEqual(bill.lines.map(\.amountCents), [1_240, 7_440, 3_420])
            XCTAssertEqual(bill.lines.map(\.quantity), ["31", "620", "380"])
            XCTAssertEqual(bill.totalCents, 12_100)

            try await host.tariff("LGS-S", rateClass: "large_commercial")
            var demand = Settle_Rating_V1_DemandCharge()
            demand.flatPeriods = [Build.period("all", Build.tier("8"))]
            demand.ratchetPercent = "75"
            demand.ratchetMonths = 11
            demand.ratchetFromMonths = [6, 7, 8, 9]
            let seasonal = try await host.save(Build.version("LGS-S", from: "2024-01-01") { $0.demand = demand })
            let march = try await host.rate("LGS-S", version: seasonal.version, Build.input("2025-03-01", "2025-03-31") {
                $0.maxDemandW = 60_000
                $0.demandHistory = [("2024-12", Int64(200_000)), ("2024-07", 100_000)].map { period, watts in
                    var past = Settle_Rating_V1_PastDemand()
                    past.period = period
                    past.billingDemandW = watts
                    return past
                }
            })
            XCTAssertEqual(march.billingDemandW, 75_000)
            XCTAssertEqual(march.totalCents, 60_000)
        }
    }

    /// Time-of-use demand on each period's own maximum, a flat facility charge on the
    /// overall maximum, and exports credited at each period's sell rate.
    ///
    /// July 2024, 30 days. Energy off 800 kWh × 0.08 = 64.00, on 200 × 0.20 = 40.00. Demand
    /// off-peak 6.2 kW × 2.00 = 12.40, on-peak 4.15 kW × 9.50 = 39.425 → 39.43; facility
    /// 6.2 kW × 1.25 = 7.75. Exports off 150 kWh × 0.03 = 4.50, on 40 × 0.06 = 2.40.
    /// Total 64 + 40 + 12.40 + 39.43 + 7.75 − 4.50 − 2.40 = 156.68.
    func testTimeOfUseDemandAndPerPeriodExportCredits() async throws {
        try await withRatingHost { host in
            try await host.tariff("TOU-D", rateClass: "small_commercial")
            let version = try await host.save(Build.version("TOU-D", from: "2024-01-01") {
                $0.energy = Build.touEnergy(offPeak: Build.tier("0.08", sell: "0.03"), onPeak: Build.tier("0.20", sell: "0.06"), weekday: Build.eveningPeak)
                var demand = Build.touDemand(offPeak: Build.tier("2.00"), onPeak: Build.tier("9.50"), weekday: Build.eveningPeak)
                demand.touWeekend = Build.schedule { _, _ in 0 }
                demand.flatPeriods = [Build.period("facility", Build.tier("1.25"))]
                $0.demand = demand
            })
            let input = Build.input("2024-07-01", "2024-07-31", kwh: 1_000) {
                $0.touWh = [800_000, 200_000]
                $0.maxDemandW = 6_200
                $0.touMaxDemandW = [6_200, 4_150]
                $0.receivedWh = 190_000
                $0.touReceivedWh = [150_000, 40_000]
            }
            let bill = try await host.rate("TOU-D", version: version.version, input)
            XCTAssertEqual(cents(bill, "Demand off-peak"), 1_240)
            XCTAssertEqual(cents(bill, "Demand on-peak"), 3_943)
            XCTAssertEqual(cents(bill, "Demand"), 775)
            XCTAssertEqual(cents(bill, "Export credit off-peak"), -450)
            XCTAssertEqual(cents(bill, "Export credit on-peak"), -240)
            XCTAssertEqual(bill.totalCents, 15_668)
            var withoutDemand = input
            withoutDemand.touMaxDemandW = []
            let error = await assertRPCError(.failedPrecondition) { try await host.rate("TOU-D", version: version.version, withoutDemand) }
            XCTAssertTrue(error?.message.contains("each period's maximum demand") == true, error?.message ?? "")
        }
    }
}

/// The three-period TOU tariff of the TOU tests.
///
/// Weekdays: 0–6 off-peak, 7–13 mid-peak, 14–19 on-peak, 20–21 mid-peak, 22–23 off-peak
/// (9 h off, 9 h mid, 6 h on). Weekends and holidays: 0–16 off, 17–20 mid, 21–23 off
/// (20 h off, 4 h mid). Holiday: 2024-03-29. Customer 15.00 a month.
enum TOUFixture {
    static func version(code: String = "TOU-3") -> Settle_Rating_V1_TariffVersion {
        Build.version(code, from: "2024-01-01") {
            $0.customerCharge = Build.fixed("15")
            var energy = Settle_Rating_V1_EnergyCharge()
            energy.periods = [Build.period("off-peak", Build.tier("0.08")), Build.period("mid-peak", Build.tier("0.12")), Build.period("on-peak", Build.tier("0.25"))]
            energy.weekday = Build.schedule { _, hour in
                switch hour {
                case 7...13, 20...21: 1
                case 14...19: 2
                default: 0
                }
            }
            energy.weekend = Build.schedule { _, hour in (17...20).contains(hour) ? 1 : 0 }
            energy.holidays = ["2024-03-29"]
            $0.energy = energy
        }
    }
}
