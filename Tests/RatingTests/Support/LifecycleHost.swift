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

/// A host with the five real modules — Accounts, Metering, Collections, Programs, Rating — serving its
/// Unix socket; the test talks to it over the socket, as `settle` does. Tariffs are activated
/// in-process by two different people (maker-checker needs two identities).
final class LifecycleHost: TestHostWrapper {
    let base: TestHost
    let maker: RatingV1.Client
    let checker: RatingV1.Client

    private init(base: TestHost) {
        self.base = base
        maker = RatingV1.Client(transport: base.transport(as: TestHost.maker))
        checker = RatingV1.Client(transport: base.transport(as: TestHost.checker))
    }

    static func start() async throws -> LifecycleHost {
        LifecycleHost(base: try await TestHost.start(
            modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self],
            mode: .live(agent: "lifecycle-tests"), prefix: "lc"))
    }

    var accounts: AccountsV1.Client { remote.client(AccountsV1.Client.self) }
    var metering: MeteringV1.Client { remote.client(MeteringV1.Client.self) }
    var rating: RatingV1.Client { remote.client(RatingV1.Client.self) }
    var collections: CollectionsV1.Client { remote.client(CollectionsV1.Client.self) }
}

func withLifecycleHost(_ body: (LifecycleHost) async throws -> Void) async throws {
    try await withHost(try await LifecycleHost.start(), body)
}

/// One-call helpers for the lifecycle: a residential customer moved in with a meter.
extension LifecycleHost {
    /// RES-1: customer charge 10.00 a month + 0.10 / kWh, active.
    func residentialTariff() async throws {
        try await TariffSetup(maker: maker, checker: checker).activate(Build.version("RES-1", from: "2020-01-01") {
            $0.customerCharge = Build.fixed("10")
            $0.energy = Build.energy(Build.tier("0.10"))
            $0.scenarios = [Build.scenario("500 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 500), total: 6_000)]
        })
    }

    /// A customer, a premise with an active meter (install read `installRead` on `date`) and
    /// a move-in there on `date` on cycle 5; returns the account number and agreement id.
    func moveIn(name: String, premise: String, meter: String, date: String, installRead: Int64) async throws -> (account: String, agreement: UInt64) {
        let customer = try await setup.customer(name)
        _ = try await setup.premise(premise, street: "\(premise) Oak St")
        try await setup.registerMeter(meter, at: premise, on: date, installRead: installRead)
        return try await setup.moveIn(customer, at: premise, on: date, cycle: 5)
    }

    var setup: UtilitySetup { UtilitySetup(accounts: accounts, metering: metering) }

    func importReads(_ csv: String) async throws {
        let response = try await setup.importRegisterReads(csv)
        XCTAssertTrue(response.committed, "\(response.rejected)")
    }

    @discardableResult
    func runVee(_ period: String) async throws -> Settle_Metering_V1_RunVeeResponse {
        var request = Settle_Metering_V1_RunVeeRequest()
        request.idempotencyKey = freshKey("vee")
        request.cycle = 5
        request.period = period
        return try await metering.runVee(request)
    }

    func runBilling(_ period: String, billDate: String) async throws -> Settle_Rating_V1_BillingProgress {
        var request = Settle_Rating_V1_RunBillingRequest()
        request.idempotencyKey = freshKey("run")
        request.cycle = 5
        request.period = period
        request.billDate = billDate
        var last = Settle_Rating_V1_BillingProgress()
        for try await progress in try await rating.runBilling(request) { last = progress }
        return last
    }

    func moveOut(_ account: String, on date: String) async throws {
        var request = Settle_Accounts_V1_MoveOutRequest()
        request.idempotencyKey = freshKey("move-out")
        request.accountNumber = account
        request.date = date
        _ = try await accounts.moveOut(request)
    }

    func billFinal(_ agreement: UInt64, billDate: String, key: String = freshKey("final")) async throws -> Settle_Rating_V1_BillFinalResponse {
        var request = Settle_Rating_V1_BillFinalRequest()
        request.idempotencyKey = key
        request.agreementID = agreement
        request.billDate = billDate
        return try await rating.billFinal(request)
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
