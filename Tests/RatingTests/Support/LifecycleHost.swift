import SettleAccounts
import Foundation
import SettleMetering
import SettlePrograms
import SettleRating
import SettleClient
import SettleCollections
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The lifecycle tests' host: the five real modules — Accounts, Metering, Collections,
/// Programs, Rating — serving the socket the test talks to, as `settle` does.
typealias LifecycleHost = UtilityHost

func withLifecycleHost(_ body: (LifecycleHost) async throws -> Void) async throws {
    try await withHost(try await UtilityHost.start(
        modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self],
        agent: "lifecycle-tests", prefix: "lc"), body)
}

/// One-call helpers for the lifecycle: a residential customer moved in with a meter.
extension LifecycleHost {
    /// RES-1: customer charge 10.00 a month + 0.10 / kWh, active.
    func residentialTariff() async throws {
        try await tariffs.activate(Build.version("RES-1", from: "2020-01-01") {
            $0.customerCharge = Build.fixed("10")
            $0.energy = Build.energy(Build.tier("0.10"))
            $0.scenarios = [Build.scenario("500 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 500), total: 6_000)]
        })
    }

    func agreement(_ id: UInt64) async throws -> Settle_Accounts_V1_ServiceAgreement {
        var request = Settle_Accounts_V1_GetServiceAgreementRequest()
        request.agreementID = id
        return try await accounts.getServiceAgreement(request).agreement
    }

    func ledger(_ account: String) async throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        var request = Settle_Collections_V1_GetAccountLedgerRequest()
        request.accountNumber = account
        request.asOf = "2024-12-31"
        request.includeEntries = true
        return try await collections.getAccountLedger(request)
    }
}
