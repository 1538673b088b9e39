import SettleAccounts
import Foundation
import SettleMetering
import SettlePrograms
@testable import SettleRating
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// A running host with the real Rating module, in-memory stores and a short socket path.
///
/// `maker` and `checker` are two different people (peer uids), for maker-checker rules.
final class RatingHost: TestHostWrapper {
    let base: TestHost
    let maker: RatingV1.Client
    let checker: RatingV1.Client
    /// The stand-in Accounts, Metering and Collections.
    let neighbours: Neighbours

    private init(base: TestHost, neighbours: Neighbours) {
        self.base = base
        self.neighbours = neighbours
        maker = RatingV1.Client(transport: base.transport(as: TestHost.maker))
        checker = RatingV1.Client(transport: base.transport(as: TestHost.checker))
    }

    /// Starts a host; with `directory` and `neighbours` it reopens stores on disk there (a
    /// restart after a kill), with the same stand-in neighbours.
    static func start(
        extraModules: [any SettleModule.Type] = [], directory given: String? = nil, neighbours reused: Neighbours? = nil,
        realAccountsAndMetering: Bool = false, timeZone: TimeZone? = nil
    ) async throws -> RatingHost {
        let neighbours = reused ?? Neighbours()
        let modules: [any SettleModule.Type] = realAccountsAndMetering
            ? [RatingModule.self, AccountsModule.self, MeteringModule.self, FakeCollectionsModule.self, ProgramsModule.self] + extraModules
            : [RatingModule.self, FakeAccountsModule.self, FakeMeteringModule.self, FakeCollectionsModule.self, ProgramsModule.self] + extraModules
        let base = try await StandIns.handing(neighbours) {
            try await TestHost.start(modules: modules, stores: given == nil ? .inMemory : .onDisk, prefix: "rt", directory: given) { configuration in
                if let timeZone { configuration.timeZone = timeZone }
            }
        }
        return RatingHost(base: base, neighbours: neighbours)
    }

    /// Stops the host; its folder stays when `keepFiles` (to start again on it).
    func shutdown(keepFiles: Bool) async { await base.shutdown(keepFiles: keepFiles) }

    func store() throws -> ModuleStore {
        try runtime.store(of: "rating")
    }

    /// Creates a tariff.
    @discardableResult
    func tariff(_ code: String, rateClass: String = "residential", service: String = "electric") async throws -> Settle_Rating_V1_Tariff {
        var request = Settle_Rating_V1_CreateTariffRequest()
        request.idempotencyKey = freshKey("tariff")
        request.code = code
        request.rateClass = rateClass
        request.serviceType = service
        return try await maker.createTariff(request)
    }

    /// Saves a draft version (made by `maker`).
    @discardableResult
    func save(_ version: Settle_Rating_V1_TariffVersion) async throws -> Settle_Rating_V1_TariffVersion {
        var request = Settle_Rating_V1_SaveTariffVersionRequest()
        request.idempotencyKey = freshKey("save")
        request.version = version
        return try await maker.saveTariffVersion(request)
    }

    func change(_ code: String, _ version: UInt32) -> Settle_Rating_V1_ChangeVersionStatusRequest {
        var request = Settle_Rating_V1_ChangeVersionStatusRequest()
        request.idempotencyKey = freshKey("status")
        request.code = code
        request.version = version
        return request
    }

    /// Saves, validates (its scenarios must pass) and activates a version: maker saves and
    /// validates, checker activates.
    @discardableResult
    func activate(_ version: Settle_Rating_V1_TariffVersion) async throws -> Settle_Rating_V1_TariffVersion {
        let saved = try await save(version)
        _ = try await maker.validateTariffVersion(change(saved.code, saved.version))
        return try await checker.activateTariffVersion(change(saved.code, saved.version))
    }

    /// Rates determinants under the active versions (version 0) or one version.
    func rate(_ code: String, version: UInt32 = 0, _ input: Settle_Rating_V1_RatingInput) async throws -> Settle_Rating_V1_RatedBill {
        var request = Settle_Rating_V1_CalculateBillRequest()
        request.tariffCode = code
        request.version = version
        request.input = input
        return try await maker.calculateBill(request)
    }
}

extension RatingHost {
    /// Runs billing for a cycle and period; returns every progress message.
    func runBilling(cycle: UInt32 = 5, period: String, batchSize: UInt32 = 0, key: String = freshKey("run")) async throws -> [Settle_Rating_V1_BillingProgress] {
        var request = Settle_Rating_V1_RunBillingRequest()
        request.idempotencyKey = key
        request.cycle = cycle
        request.period = period
        request.billDate = "2024-06-03"
        request.batchSize = batchSize
        var all: [Settle_Rating_V1_BillingProgress] = []
        for try await progress in try await maker.runBilling(request) { all.append(progress) }
        return all
    }

    func register(cycle: UInt32 = 5, period: String) async throws -> Settle_Rating_V1_BillRegister {
        var request = Settle_Rating_V1_GetBillRegisterRequest()
        request.cycle = cycle
        request.period = period
        return try await maker.getBillRegister(request)
    }

    func bills(cycle: UInt32 = 5, period: String, status: String = "") async throws -> [Settle_Rating_V1_Bill] {
        var request = Settle_Rating_V1_ListBillsRequest()
        request.cycle = cycle
        request.period = period
        request.status = status
        return try await maker.listBills(request).bills
    }

    func action(_ id: String, reason: String, rebill: Bool = false) -> Settle_Rating_V1_BillActionRequest {
        var request = Settle_Rating_V1_BillActionRequest()
        request.idempotencyKey = freshKey("bill")
        request.billID = id
        request.reason = reason
        request.rebill = rebill
        return request
    }
}

/// Runs `body` against a fresh host and always shuts it down.
func withRatingHost(extraModules: [any SettleModule.Type] = [], _ body: (RatingHost) async throws -> Void) async throws {
    try await withHost(try await RatingHost.start(extraModules: extraModules), body)
}

/// Finds the amount of the line with this description (summed if several).
func cents(_ bill: Settle_Rating_V1_RatedBill, _ description: String, file: StaticString = #filePath, line: UInt = #line) -> Int64 {
    let lines = bill.lines.filter { $0.description_p == description }
    XCTAssertFalse(lines.isEmpty, "no line '\(description)' in \(bill.lines.map(\.description_p))", file: file, line: line)
    return lines.reduce(0) { $0 + $1.amountCents }
}
