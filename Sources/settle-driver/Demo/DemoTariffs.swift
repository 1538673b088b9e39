import Foundation
import SettleContracts
import SettleDomain
import SwiftProtobuf

/// The demo utility's rate book, modelled on a Texas municipal utility: residential with a
/// monthly power supply adjustment and summer blocks, TOU and solar options, small and large
/// commercial (the large with demand and a ratchet), industrial TOU, lighting, water blocks,
/// wastewater on water use and a flat solid-waste charge. Each version carries one scenario
/// computed by hand (in the comments), so it validates only if the engine agrees to the cent.
enum DemoTariffs {
    typealias Version = Settle_Rating_V1_TariffVersion

    struct Entry: Sendable {
        let code: String
        let name: String
        let rateClass: String
        let service: String
        let version: Version
    }

    static let effectiveFrom = "2025-08-01"

    /// Monthly power supply adjustment ($/kWh) from August 2025 on.
    static let powerSupply = ["0.0381", "0.0395", "0.0402", "0.0388", "0.0375", "0.0369", "0.0372", "0.0384",
                              "0.0391", "0.0410", "0.0428", "0.0436", "0.0419", "0.0404", "0.0397", "0.0390"]

    static let holidays = ["2025-09-01", "2025-11-27", "2025-12-25", "2026-01-01", "2026-05-25", "2026-07-03",
                           "2026-09-07", "2026-11-26", "2026-12-25"]

    static var all: [Entry] {
        [
            entry("RES", "Residential service", "residential", "electric", residential(solar: false)),
            entry("RES-SOLAR", "Residential service with solar (net billing)", "residential", "electric", residential(solar: true)),
            entry("RES-TOU", "Residential time of use", "residential", "electric", residentialTOU()),
            entry("SGS", "Small general service", "small_commercial", "electric", smallGeneral()),
            entry("LGS", "Large general service (demand)", "large_commercial", "electric", largeGeneral()),
            entry("IND-TOU", "Industrial time of use (demand)", "industrial", "electric", industrial()),
            entry("LIGHT", "Lighting", "lighting", "electric", lighting()),
            entry("WTR-RES", "Residential water", "residential", "water", water(commercial: false)),
            entry("WTR-COM", "Commercial water", "small_commercial", "water", water(commercial: true)),
            entry("WW-RES", "Residential wastewater", "residential", "wastewater", wastewater(commercial: false)),
            entry("WW-COM", "Commercial wastewater", "small_commercial", "wastewater", wastewater(commercial: true)),
            entry("SW-RES", "Residential solid waste", "residential", "solid_waste", solidWaste()),
        ]
    }

    private static func entry(_ code: String, _ name: String, _ rateClass: String, _ service: String, _ body: Version) -> Entry {
        var version = body
        version.code = code
        version.effectiveFrom = effectiveFrom
        return Entry(code: code, name: name, rateClass: rateClass, service: service, version: version)
    }

    // MARK: Building blocks

    private static func fixed(_ amount: String) -> Settle_Rating_V1_FixedCharge { .with { $0.amount = amount; $0.per = "month" } }

    private static func tier(_ max: String, _ rate: String, sell: String = "") -> Settle_Rating_V1_Tier {
        .with { $0.max = max; $0.rate = rate; $0.sell = sell }
    }

    private static func period(_ name: String, _ tiers: [Settle_Rating_V1_Tier]) -> Settle_Rating_V1_RatePeriod {
        .with { $0.name = name; $0.tiers = tiers }
    }

    /// A 12 × 24 schedule from a rule (month 1–12, hour 0–23) → period index.
    private static func schedule(_ rule: (Int, Int) -> UInt32) -> [UInt32] {
        (1...12).flatMap { month in (0..<24).map { hour in rule(month, hour) } }
    }

    private static func isSummer(_ month: Int) -> Bool { (6...9).contains(month) }

    private static var psaRider: Settle_Rating_V1_Rider {
        .with {
            $0.name = "Power supply adjustment"
            $0.unit = "kwh"
            // Monthly from August 2025.
            $0.values = powerSupply.enumerated().map { offset, rate in
                .with { $0.effectiveFrom = YearMonth(index: 2025 * 12 + 7 + offset).firstDay.description; $0.rate = rate }
            }
        }
    }

    private static var salesTax: Settle_Rating_V1_Tax {
        .with { $0.name = "Sales tax (state 6.25 % + city 2 %)"; $0.taxType = "sales-tax"; $0.percent = "8.25" }
    }

    /// September 2025: 30 days, wholly summer, one power supply value (0.0395).
    private static func september(_ body: (inout Settle_Rating_V1_RatingInput) -> Void) -> Settle_Rating_V1_RatingInput {
        var input = Settle_Rating_V1_RatingInput()
        input.periodStart = "2025-09-01"
        input.periodEnd = "2025-10-01"
        body(&input)
        return input
    }

    private static func scenario(_ name: String, cents: Int64, _ input: Settle_Rating_V1_RatingInput) -> Settle_Rating_V1_TestScenario {
        .with { $0.name = name; $0.input = input; $0.expectedTotalCents = cents }
    }

    // MARK: Electric

    private static func residential(solar: Bool) -> Version {
        .with {
            $0.description_p = solar ? "Residential with exports credited at 4.00 ¢/kWh" : "Residential, inclining summer blocks"
            $0.customerCharge = fixed("10.00")
            let sell = solar ? "0.0400" : ""
            $0.energy.periods = [
                period("summer", [tier("500", "0.0510", sell: sell), tier("1000", "0.0760", sell: sell), tier("", "0.0920", sell: sell)]),
                period("non-summer", [tier("500", "0.0510", sell: sell), tier("", "0.0620", sell: sell)]),
            ]
            $0.energy.weekday = schedule { month, _ in isSummer(month) ? 0 : 1 }
            $0.riders = [psaRider]
            // 1,200 kWh: 10.00 + 500 × 0.0510 + 500 × 0.0760 + 200 × 0.0920 (81.90) + 1,200 × 0.0395 (47.40) = 139.30
            $0.scenarios = [scenario("September, 1,200 kWh", cents: 13_930, september { $0.deliveredWh = 1_200_000 })]
        }
    }

    private static func residentialTOU() -> Version {
        .with {
            $0.description_p = "Residential time of use: summer weekday peak 14:00–20:00"
            $0.customerCharge = fixed("12.00")
            $0.energy.periods = [period("off-peak", [tier("", "0.0450")]), period("mid-peak", [tier("", "0.0850")]), period("on-peak", [tier("", "0.1650")])]
            $0.energy.weekday = schedule { month, hour in
                if isSummer(month) { return (14..<20).contains(hour) ? 2 : (7..<22).contains(hour) ? 1 : 0 }
                return (7..<22).contains(hour) ? 1 : 0
            }
            $0.energy.weekend = schedule { _, _ in 0 }
            $0.energy.holidays = holidays
            $0.riders = [psaRider]
            // 400 off × 0.0450 (18.00) + 300 mid × 0.0850 (25.50) + 100 on × 0.1650 (16.50) + 12.00 + 800 × 0.0395 (31.60) = 103.60
            $0.scenarios = [scenario("September, 800 kWh by period", cents: 10_360, september {
                $0.deliveredWh = 800_000
                $0.touWh = [400_000, 300_000, 100_000]
            })]
        }
    }

    private static func smallGeneral() -> Version {
        .with {
            $0.description_p = "Small general service, flat energy, sales tax"
            $0.customerCharge = fixed("18.00")
            $0.energy.periods = [period("all", [tier("", "0.0680")])]
            $0.riders = [psaRider]
            $0.taxes = [salesTax]
            // 18.00 + 2,000 × 0.0680 (136.00) + 2,000 × 0.0395 (79.00) = 233.00; tax 8.25 % = 19.2225 → 19.22; 252.22
            $0.scenarios = [scenario("September, 2,000 kWh", cents: 25_222, september { $0.deliveredWh = 2_000_000 })]
        }
    }

    private static func largeGeneral() -> Version {
        .with {
            $0.description_p = "Large general service: demand with an 80 % / 11-month ratchet, sales tax"
            $0.customerCharge = fixed("95.00")
            $0.energy.periods = [period("all", [tier("", "0.0310")])]
            $0.demand.flatPeriods = [period("all", [tier("", "14.50")])]
            $0.demand.ratchetPercent = "80"
            $0.demand.ratchetMonths = 11
            $0.demand.powerFactorTarget = "0.9"
            $0.riders = [psaRider]
            $0.taxes = [salesTax]
            // 95.00 + 120,000 × 0.0310 (3,720.00) + 300 kW × 14.50 (4,350.00) + 120,000 × 0.0395 (4,740.00)
            // = 12,905.00; tax 8.25 % = 1,064.6625 → 1,064.66; 13,969.66
            $0.scenarios = [scenario("September, 120 MWh, 300 kW", cents: 1_396_966, september {
                $0.deliveredWh = 120_000_000
                $0.maxDemandW = 300_000
            })]
        }
    }

    private static func industrial() -> Version {
        .with {
            $0.description_p = "Industrial time of use: summer weekday peak 13:00–20:00, demand with ratchet, sales tax"
            $0.customerCharge = fixed("250.00")
            $0.energy.periods = [period("off-peak", [tier("", "0.0280")]), period("on-peak", [tier("", "0.0520")])]
            $0.energy.weekday = schedule { month, hour in isSummer(month) && (13..<20).contains(hour) ? 1 : 0 }
            $0.energy.weekend = schedule { _, _ in 0 }
            $0.energy.holidays = holidays
            $0.demand.flatPeriods = [period("all", [tier("", "16.00")])]
            $0.demand.ratchetPercent = "80"
            $0.demand.ratchetMonths = 11
            $0.riders = [psaRider]
            $0.taxes = [salesTax]
            // 250.00 + 300,000 × 0.0280 (8,400.00) + 100,000 × 0.0520 (5,200.00) + 1,000 kW × 16.00 (16,000.00)
            // + 400,000 × 0.0395 (15,800.00) = 45,650.00; tax 8.25 % = 3,766.125 → 3,766.13; 49,416.13
            $0.scenarios = [scenario("September, 400 MWh, 1 MW", cents: 4_941_613, september {
                $0.deliveredWh = 400_000_000
                $0.touWh = [300_000_000, 100_000_000]
                $0.maxDemandW = 1_000_000
            })]
        }
    }

    private static func lighting() -> Version {
        .with {
            $0.description_p = "Metered lighting"
            $0.customerCharge = fixed("4.00")
            $0.energy.periods = [period("all", [tier("", "0.0450")])]
            $0.riders = [psaRider]
            // 4.00 + 400 × 0.0450 (18.00) + 400 × 0.0395 (15.80) = 37.80
            $0.scenarios = [scenario("September, 400 kWh", cents: 3_780, september { $0.deliveredWh = 400_000 })]
        }
    }

    // MARK: Water, wastewater, solid waste

    private static func sizes(_ small: String, _ large: String) -> [Settle_Rating_V1_MeterSizeCharge] {
        [.with { $0.meterSize = "5/8"; $0.amount = small }, .with { $0.meterSize = "2"; $0.amount = large }]
    }

    private static func water(commercial: Bool) -> Version {
        .with {
            $0.description_p = commercial ? "Commercial water, flat per 1,000 gallons" : "Residential water, inclining blocks per 1,000 gallons"
            $0.water.base = sizes("14.25", "65.00")
            if commercial {
                $0.water.tiers = [tier("", "4.60")]
                // 65.00 + 40 × 4.60 (184.00) = 249.00
                $0.scenarios = [scenario("September, 40,000 gallons, 2-inch meter", cents: 24_900, september {
                    $0.gallonsThousandths = 40_000_000
                    $0.meterSize = "2"
                })]
            } else {
                $0.water.tiers = [tier("2", "2.50"), tier("6", "4.10"), tier("10", "6.25"), tier("", "9.50")]
                // 14.25 + 2 × 2.50 (5.00) + 3 × 4.10 (12.30) = 31.55
                $0.scenarios = [scenario("September, 5,000 gallons, 5/8-inch meter", cents: 3_155, september {
                    $0.gallonsThousandths = 5_000_000
                    $0.meterSize = "5/8"
                })]
            }
        }
    }

    private static func wastewater(commercial: Bool) -> Version {
        .with {
            $0.description_p = "Wastewater on water use"
            $0.wastewater.base = commercial ? sizes("30.00", "30.00") : sizes("12.00", "12.00")
            $0.wastewater.tiers = [tier("", commercial ? "5.60" : "5.10")]
            $0.scenarios = commercial
                // 30.00 + 40 × 5.60 (224.00) = 254.00
                ? [scenario("September, 40,000 gallons", cents: 25_400, september { $0.gallonsThousandths = 40_000_000; $0.meterSize = "2" })]
                // 12.00 + 5 × 5.10 (25.50) = 37.50
                : [scenario("September, 5,000 gallons", cents: 3_750, september { $0.gallonsThousandths = 5_000_000; $0.meterSize = "5/8" })]
        }
    }

    private static func solidWaste() -> Version {
        .with {
            $0.description_p = "Residential cart service"
            $0.customerCharge = fixed("21.50")
            // 30 days: 21.50
            $0.scenarios = [scenario("September", cents: 2_150, september { _ in })]
        }
    }
}
