import SettleAccounts
import Foundation
import SettleMetering
import SettlePrograms
@testable import SettleCollections
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// A running host with the real Collections, Accounts and Metering modules, in-memory
/// stores and a short socket path.
final class CollectionsHost: TestHostWrapper {
    let base: TestHost
    /// An in-process client acting as an admin.
    let client: CollectionsV1.Client

    private init(base: TestHost) {
        self.base = base
        self.client = CollectionsV1.Client(transport: base.transport())
    }

    /// With `programs: false` the host has no Programs module: Collections does without the
    /// utility's holiday calendar (its policy's holidays still count).
    static func start(programs: Bool = true) async throws -> CollectionsHost {
        let modules: [any SettleModule.Type] = [AccountsModule.self, MeteringModule.self, CollectionsModule.self] + (programs ? [ProgramsModule.self] : [])
        return CollectionsHost(base: try await TestHost.start(modules: modules, prefix: "co"))
    }

    func client(role: Role) -> CollectionsV1.Client {
        CollectionsV1.Client(transport: base.transport(as: TestHost.person(role)))
    }

    var accounts: AccountsV1.Client { AccountsV1.Client(transport: base.transport()) }

    func store() throws -> ModuleStore {
        try runtime.store(of: "collections")
    }
}

/// Runs `body` against a fresh host and always shuts it down.
func withCollectionsHost(programs: Bool = true, _ body: (CollectionsHost) async throws -> Void) async throws {
    try await withHost(try await CollectionsHost.start(programs: programs), body)
}

/// One bill charge for `PostBillCharges`.
func charge(
    _ bill: String, account: String, agreement: UInt64 = 1, cents: Int64, billDate: String, dueDate: String,
    rateClass: String = "residential", service: String = "electric"
) -> Settle_Collections_V1_BillCharge {
    var charge = Settle_Collections_V1_BillCharge()
    charge.billID = bill
    charge.accountNumber = account
    charge.agreementID = agreement
    charge.serviceType = service
    charge.rateClass = rateClass
    charge.period = String(billDate.prefix(7))
    charge.billDate = billDate
    charge.dueDate = dueDate
    charge.amountCents = cents
    return charge
}

extension CollectionsHost {
    @discardableResult
    func post(_ charges: [Settle_Collections_V1_BillCharge], key: String = freshKey("charges")) async throws -> Settle_Collections_V1_PostBillChargesResponse {
        var request = Settle_Collections_V1_PostBillChargesRequest()
        request.idempotencyKey = key
        request.charges = charges
        return try await client.postBillCharges(request)
    }

    @discardableResult
    func pay(_ account: String, _ cents: Int64, on date: String, reference: String = UUID().uuidString, key: String = freshKey("pay")) async throws -> Settle_Collections_V1_PostPaymentResponse {
        try await client.postPayment(paymentPosting(cents, to: account, on: date, reference: reference, key: key))
    }

    func ledger(_ account: String, asOf: String = "", entries: Bool = false) async throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        var request = Settle_Collections_V1_GetAccountLedgerRequest()
        request.accountNumber = account
        request.asOf = asOf
        request.includeEntries = entries
        return try await client.getAccountLedger(request)
    }

    /// A hand-posted ledger entry of `kind` (adjustment, credit, deposit_billed, …) on `date`;
    /// the ledger, deposit and audit tests all post them, and differ only in these values.
    @discardableResult
    func postEntry(
        _ account: String, _ kind: String, _ cents: Int64, on date: String, due: String = "", memo: String = "", key: String = freshKey("entry")
    ) async throws -> Settle_Collections_V1_PostEntryResponse {
        var request = Settle_Collections_V1_PostEntryRequest()
        request.idempotencyKey = key
        request.accountNumber = account
        request.kind = kind
        request.amountCents = cents
        request.entryDate = date
        request.dueDate = due
        request.memo = memo
        return try await client.postEntry(request)
    }

    /// Reverses entry `id` on `date`; a fresh key each call, so a second call asks again.
    func reverseEntry(_ id: UInt64, on date: String, key: String = freshKey("reverse")) async throws -> Settle_Collections_V1_PostEntryResponse {
        var request = Settle_Collections_V1_ReverseEntryRequest()
        request.idempotencyKey = key
        request.entryID = id
        request.entryDate = date
        return try await client.reverseEntry(request)
    }

    /// The aging report as of `asOf`, with each account's buckets when `accounts`.
    func aging(asOf: String, accounts: Bool = false) async throws -> Settle_Collections_V1_GetAgingResponse {
        var request = Settle_Collections_V1_GetAgingRequest()
        request.asOf = asOf
        request.includeAccounts = accounts
        return try await client.getAging(request)
    }

    func importPayments(_ csv: String, key: String = freshKey("import"), firstLine: UInt32 = 1) async throws -> Settle_Collections_V1_ImportPaymentsResponse {
        var request = Settle_Collections_V1_ImportPaymentsRequest()
        request.idempotencyKey = key
        request.csv = csv
        request.fileName = "lockbox.csv"
        request.firstLine = firstLine
        return try await client.importPayments(request)
    }

    func setPolicy(_ change: (inout Settle_Collections_V1_Policy) -> Void) async throws {
        var policy = try await client.getPolicy(.init()).policy
        change(&policy)
        var request = Settle_Collections_V1_SetPolicyRequest()
        request.idempotencyKey = freshKey("policy")
        request.policy = policy
        _ = try await client.setPolicy(request)
    }

    func checkLedger() async throws -> Settle_Collections_V1_CheckLedgerResponse {
        try await client.checkLedger(.init())
    }
}
