import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A small utility for program tests, loaded through the real modules' contracts: cycle 3,
/// reads on 2024-04-10 and 2024-05-10, tariffs LC-1 (large commercial: $50/month, $0.10/kWh,
/// $10/kW) and W-1 (water: $10/month base, $5 and wastewater $4 per 1,000 gallons).
struct ProgramsUtility {
    let host: ProgramsHost
    static let cycle: UInt32 = 3
    /// 15-minute values: 300 Wh a slot, one peak slot.
    static let base: Int64 = 300

    /// Agreement ids by premise.
    var agreements: [String: UInt64] = [:]
    var accountOf: [String: String] = [:]

    init(host: ProgramsHost) { self.host = host }

    mutating func load() async throws {
        try await host.setReadSchedules(cycle: Self.cycle, [("2024-04", "2024-04-10"), ("2024-05", "2024-05-10")])
        try await tariffs()
        let acme = try await customer("Acme Foundry", kind: "organisation")
        let bolt = try await customer("Bolt Works", kind: "organisation")
        let rivera = try await customer("Ana Rivera", kind: "person")
        // Acme: two interval meters (a coincident group). Bolt: an interval meter from 04-01,
        // one added on 04-25 (a non-coincident group), and a register meter. Rivera: water.
        try await premise("PA", customer: acme, account: nil, meter: "MA", service: "electric", interval: true, on: "2024-04-01", rateClass: "large_commercial", tariff: "LC-1")
        try await premise("PB", customer: acme, account: accountOf["PA"], meter: "MB", service: "electric", interval: true, on: "2024-04-01", rateClass: "large_commercial", tariff: "LC-1")
        try await premise("PC", customer: bolt, account: nil, meter: "MC", service: "electric", interval: true, on: "2024-04-01", rateClass: "large_commercial", tariff: "LC-1")
        try await premise("PD", customer: bolt, account: accountOf["PC"], meter: "MD", service: "electric", interval: true, on: "2024-04-25", rateClass: "large_commercial", tariff: "LC-1")
        try await premise("PE", customer: bolt, account: accountOf["PC"], meter: "ME", service: "electric", interval: false, on: "2024-04-01", rateClass: "large_commercial", tariff: "LC-1")
        try await premise("PW", customer: rivera, account: nil, meter: "MW", service: "water", interval: false, on: "2024-04-01", rateClass: "residential", tariff: "W-1")
        try await reads()
        let vee = try await host.metering.runVee(.with {
            $0.idempotencyKey = freshKey("vee")
            $0.cycle = Self.cycle
            $0.period = "2024-05"
        })
        _ = vee
    }

    private func tariffs() async throws {
        var large = Settle_Rating_V1_TariffVersion()
        large.code = "LC-1"
        large.effectiveFrom = "2024-01-01"
        large.customerCharge = .with { $0.amount = "50"; $0.per = "month" }
        large.energy = .with { $0.periods = [.with { $0.name = "all"; $0.tiers = [.with { $0.rate = "0.10" }] }] }
        large.demand = .with { $0.flatPeriods = [.with { $0.name = "all"; $0.tiers = [.with { $0.rate = "10" }] }] }
        large.scenarios = [.with {
            $0.name = "100 kWh, 10 kW"
            $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.deliveredWh = 100_000; $0.maxDemandW = 10_000 }
            $0.expectedTotalCents = 16_000
        }]
        var water = Settle_Rating_V1_TariffVersion()
        water.code = "W-1"
        water.effectiveFrom = "2024-01-01"
        water.water = .with { $0.base = [.with { $0.meterSize = ""; $0.amount = "10" }]; $0.tiers = [.with { $0.rate = "5" }] }
        water.wastewater = .with { $0.tiers = [.with { $0.rate = "4" }] }
        water.scenarios = [.with {
            $0.name = "5,000 gallons"
            $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.gallonsThousandths = 5_000_000 }
            $0.expectedTotalCents = 5_500
        }]
        for (version, rateClass, service) in [(large, "large_commercial", "electric"), (water, "residential", "water")] {
            try await host.tariffs.activate(version, rateClass: rateClass, serviceType: service, name: version.code)
        }
    }

    private func customer(_ name: String, kind: String) async throws -> String {
        try await host.accounts.createCustomer(.with {
            $0.idempotencyKey = freshKey("customer")
            $0.kind = kind
            $0.name = name
            $0.contact.phone = "217-555-0100"
        }).customer.id
    }

    private mutating func premise(
        _ id: String, customer: String, account: String?, meter: String, service: String, interval: Bool, on date: String, rateClass: String, tariff: String
    ) async throws {
        _ = try await host.accounts.createPremise(.with {
            $0.idempotencyKey = freshKey("premise")
            $0.premiseID = id
            $0.serviceAddress = .with { $0.line1 = "1 \(id) St"; $0.city = "Springfield"; $0.state = "IL"; $0.postalCode = "62701" }
            $0.weatherZone = "north"
            $0.premiseType = rateClass == "residential" ? "residential" : "industrial"
        })
        _ = try await host.metering.addMeter(.with {
            $0.idempotencyKey = freshKey("meter")
            $0.serial = meter
            $0.serviceType = service
            $0.kind = interval ? "interval" : "register"
            $0.intervalMinutes = interval ? 15 : 0
            $0.touCapable = interval
            $0.dials = 6
            if service == "water" {
                $0.channels = [.gallons]
                $0.size = "5/8"
            } else {
                $0.form = "2S"
                $0.serviceAmps = 200
            }
        })
        _ = try await host.metering.installMeter(.with {
            $0.idempotencyKey = freshKey("install")
            $0.serial = meter
            $0.premiseID = id
            $0.date = date
            $0.reads = [.with { $0.channel = service == "water" ? .gallons : .kwhDelivered; $0.value = 0 }]
        })
        _ = try await host.metering.activateMeter(.with { $0.idempotencyKey = freshKey("activate"); $0.serial = meter })
        let moved = try await host.accounts.moveIn(.with {
            $0.idempotencyKey = freshKey("move-in")
            $0.premiseID = id
            $0.date = date
            if let account { $0.accountNumber = account } else { $0.customerID = customer; $0.billCycle = Self.cycle }
            $0.services = [.with { $0.serviceType = service; $0.rateSchedule = tariff; $0.rateClass = rateClass }]
        })
        agreements[id] = try XCTUnwrap(moved.agreements.first).id
        accountOf[id] = moved.account.number
    }

    /// 15-minute values from `from` for `days` days: `base` Wh a slot, `peak` Wh in one slot.
    static func values(days: Int, peakDay: Int, peakSlot: Int, peak: Int64) -> [Int64] {
        var values = Array(repeating: base, count: days * 96)
        values[peakDay * 96 + peakSlot] = peak
        return values
    }

    private func reads() async throws {
        // Register reads equal to the intervals' totals (kWh): MA 865, MB 866, MC 865, MD 434.
        let registers: [(String, String, Int64)] = [
            ("MA", "2024-04-10", 0), ("MA", "2024-05-10", 865), ("MB", "2024-04-10", 0), ("MB", "2024-05-10", 866),
            ("MC", "2024-04-10", 0), ("MC", "2024-05-10", 865), ("MD", "2024-05-10", 434),
            ("ME", "2024-04-10", 0), ("ME", "2024-05-10", 100), ("MW", "2024-04-10", 1_000), ("MW", "2024-05-10", 7_000),
        ]
        let host = self.host
        let registerImport = try await host.metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = freshKey("reads")
            message.registerReads = registers.map { serial, date, value in
                .with {
                    $0.meterSerial = serial
                    $0.channel = serial == "MW" ? .gallons : .kwhDelivered
                    $0.readAtUtc = host.midnight(date)
                    $0.value = value
                }
            }
            try await writer.write(message)
        }
        XCTAssertTrue(registerImport.committed, "\(registerImport.rejected.map(\.reason))")
        // Peaks in different intervals: MA day 5 15:00, MB day 6 17:30; MC day 5 15:00, MD
        // (from 04-25) day 3 17:30.
        let blocks: [(String, String, [Int64])] = [
            ("MA", "2024-04-10", Self.values(days: 30, peakDay: 5, peakSlot: 60, peak: 1_300)),
            ("MB", "2024-04-10", Self.values(days: 30, peakDay: 6, peakSlot: 70, peak: 2_300)),
            ("MC", "2024-04-10", Self.values(days: 30, peakDay: 5, peakSlot: 60, peak: 1_300)),
            ("MD", "2024-04-25", Self.values(days: 15, peakDay: 3, peakSlot: 70, peak: 2_300)),
        ]
        let intervalImport = try await host.metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = freshKey("intervals")
            message.intervalBlocks = blocks.map { serial, date, values in
                .with {
                    $0.meterSerial = serial
                    $0.channel = .kwhDelivered
                    $0.startUtc = host.midnight(date)
                    $0.intervalMinutes = 15
                    $0.values = values
                }
            }
            try await writer.write(message)
        }
        XCTAssertTrue(intervalImport.committed, "\(intervalImport.rejected.map(\.reason))")
    }
}
