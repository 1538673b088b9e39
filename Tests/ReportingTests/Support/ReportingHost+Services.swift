import Foundation
import SettleContracts
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A premise with all four services: electric (RES-1) and water on meters, wastewater on
/// the water meter's use, solid waste unmetered.
extension ReportingHost {
    /// W-1: 10.00 base + 5.00 per 1,000 gallons; WW-1: 4.00 per 1,000 gallons of water use;
    /// SW-1: 20.00 a month. None prorated by days.
    func utilityTariffs() async throws {
        try await residentialTariff()
        for (code, service, configure, gallons, total) in [
            ("W-1", "water", { (v: inout Settle_Rating_V1_TariffVersion) in
                v.water = .with { $0.base = [.with { $0.meterSize = ""; $0.amount = "10" }]; $0.tiers = [.with { $0.rate = "5" }] } }, Int64(5_000_000), Int64(3_500)),
            ("WW-1", "wastewater", { (v: inout Settle_Rating_V1_TariffVersion) in
                v.wastewater = .with { $0.tiers = [.with { $0.rate = "4" }] } }, Int64(5_000_000), Int64(2_000)),
            ("SW-1", "solid_waste", { (v: inout Settle_Rating_V1_TariffVersion) in
                v.customerCharge = .with { $0.amount = "20"; $0.per = "month" } }, Int64(0), Int64(2_000)),
        ] as [(String, String, (inout Settle_Rating_V1_TariffVersion) -> Void, Int64, Int64)] {
            var version = Settle_Rating_V1_TariffVersion()
            version.code = code
            version.effectiveFrom = "2020-01-01"
            version.proration = "none"
            configure(&version)
            version.scenarios = [.with {
                $0.name = "a month"
                $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.gallonsThousandths = gallons }
                $0.expectedTotalCents = total
            }]
            try await tariffs.activate(version, serviceType: service)
        }
    }

    /// A customer moved in on `date` at a new premise with an electric and a water meter
    /// (both read 0 at install) and the four services on cycle 5.
    func moveInFourServices(name: String, premise: String, date: String) async throws -> (account: String, agreements: [String: UInt64]) {
        let customer = try await setup.customer(name)
        _ = try await setup.premise(premise, street: "1 \(premise) St")
        for (serial, service) in [("E-\(premise)", "electric"), ("W-\(premise)", "water")] {
            _ = try await metering.addMeter(.with {
                $0.idempotencyKey = freshKey("meter")
                $0.serial = serial
                $0.serviceType = service
                $0.kind = "register"
                $0.dials = 6
                if service == "water" { $0.channels = [.gallons]; $0.size = "5/8" } else { $0.form = "2S"; $0.serviceAmps = 200 }
            })
            _ = try await metering.installMeter(.with {
                $0.idempotencyKey = freshKey("install"); $0.serial = serial; $0.premiseID = premise; $0.date = date
                $0.reads = [.with { $0.channel = service == "water" ? .gallons : .kwhDelivered; $0.value = 0 }]
            })
            _ = try await metering.activateMeter(.with { $0.idempotencyKey = freshKey("activate"); $0.serial = serial })
        }
        let moved = try await accounts.moveIn(.with {
            $0.idempotencyKey = freshKey("move-in")
            $0.customerID = customer
            $0.premiseID = premise
            $0.date = date
            $0.billCycle = 5
            $0.services = [("electric", "RES-1"), ("water", "W-1"), ("wastewater", "WW-1"), ("solid_waste", "SW-1")].map { service, tariff in
                .with { $0.serviceType = service; $0.rateSchedule = tariff; $0.rateClass = "residential" }
            }
        })
        return (moved.account.number, Dictionary(uniqueKeysWithValues: moved.agreements.map { ($0.serviceType, $0.id) }))
    }
}
