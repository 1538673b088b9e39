import SettleContracts
import SettleTestSupport
import SwiftProtobuf

/// RES-SOLAR, the tariff the solar and final-bill tests bill on: 10.00 $/month, 0.10 $/kWh
/// bought and 0.08 sold, one scenario of 100 kWh in January (20.00). Both tests work their
/// figures by hand from these rates, so one place keeps them.
extension ProgramsHost {
    func activateSolarTariff() async throws {
        var version = Settle_Rating_V1_TariffVersion()
        version.code = "RES-SOLAR"
        version.effectiveFrom = "2024-01-01"
        version.customerCharge = .with { $0.amount = "10"; $0.per = "month" }
        version.energy = .with { $0.periods = [.with { $0.name = "all"; $0.tiers = [.with { $0.rate = "0.10"; $0.sell = "0.08" }] }] }
        version.scenarios = [.with {
            $0.name = "100 kWh"
            $0.input = .with { $0.periodStart = "2024-01-01"; $0.periodEnd = "2024-01-31"; $0.deliveredWh = 100_000 }
            $0.expectedTotalCents = 2_000
        }]
        try await tariffs.activate(version, name: "Residential solar")
    }
}
