import SettleAccounts
import Foundation
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SettleTransport
import Synchronization
import XCTest

// MARK: A stand-in for Metering that records the read requests Accounts sends

/// What the stand-in Metering saw: every call (retries included) and each distinct key.
final class ReadLog: StandInState {
    private struct State {
        var calls: [Settle_Metering_V1_RequestServiceReadRequest] = []
        var byKey: [String: Settle_Metering_V1_RequestServiceReadResponse] = [:]
        var failingPremises: Set<String> = []
    }

    private let state = Mutex(State())

    /// Every call received, in order, retries included.
    var calls: [Settle_Metering_V1_RequestServiceReadRequest] { state.withLock { $0.calls } }
    /// Distinct idempotency keys received: one per read actually recorded.
    var distinctKeys: Set<String> { state.withLock { Set($0.byKey.keys) } }

    /// Makes requests for `premise` fail with UNAVAILABLE until cleared.
    func setFailing(_ premise: String, _ failing: Bool) {
        state.withLock { if failing { $0.failingPremises.insert(premise) } else { $0.failingPremises.remove(premise) } }
    }

    /// Records the call; the same key gets the same answer, like the real module's dedup.
    func receive(_ request: Settle_Metering_V1_RequestServiceReadRequest) throws -> Settle_Metering_V1_RequestServiceReadResponse {
        try state.withLock { state in
            state.calls.append(request)
            if state.failingPremises.contains(request.premiseID) {
                throw RPCError(.unavailable, "metering is down for \(request.premiseID)")
            }
            if let earlier = state.byKey[request.idempotencyKey] { return earlier }
            var response = Settle_Metering_V1_RequestServiceReadResponse()
            response.readRequestIds = ["RR-\(state.byKey.count + 1)"]
            response.meterSerials = ["M-\(request.premiseID)-\(request.serviceType)"]
            state.byKey[request.idempotencyKey] = response
            return response
        }
    }

}

typealias RecordingMeteringModule = StandInModule<RecordingMetering>

/// Serves `settle.metering.v1.Metering` with only `RequestServiceRead`, into a `ReadLog`
/// (registered by hand, so the stand-in does not have to follow the rest of that contract).
enum RecordingMetering: StandIn {
    static let descriptor = ModuleDescriptor(name: "fakemetering", version: "0.0.1", serves: [MeteringV1.serviceName])

    static func register(_ log: ReadLog, with router: inout Router) throws(RouterError) {
        try router.registerUnary(MeteringV1.Method.requestServiceRead) { (request: Settle_Metering_V1_RequestServiceReadRequest, _) in
            try log.receive(request)
        }
    }
}

// MARK: A host with the real Accounts module

/// A running host with Accounts and the recording Metering, in-memory stores, a short socket path.
final class AccountsHost: TestHostWrapper {
    let base: TestHost
    let reads: ReadLog
    /// An in-process client acting as an admin.
    let client: AccountsV1.Client

    private init(base: TestHost, reads: ReadLog) {
        self.base = base
        self.reads = reads
        self.client = AccountsV1.Client(transport: base.transport())
    }

    static func start() async throws -> AccountsHost {
        let reads = ReadLog()
        let base = try await StandIns.handing(reads) {
            try await TestHost.start(modules: [AccountsModule.self, RecordingMeteringModule.self], prefix: "ac")
        }
        return AccountsHost(base: base, reads: reads)
    }

    /// An in-process client acting with `role`.
    func client(role: Role) -> AccountsV1.Client {
        AccountsV1.Client(transport: base.transport(as: TestHost.person(role)))
    }

    var host: HostV1.Client { HostV1.Client(transport: base.transport()) }

    /// The Accounts store, for seeding volume directly and reading the audit log.
    func store() throws -> ModuleStore {
        try runtime.store(of: "accounts")
    }
}

/// Runs `body` against a fresh host and always shuts it down.
func withAccountsHost(_ body: (AccountsHost) async throws -> Void) async throws {
    try await withHost(try await AccountsHost.start(), body)
}

// MARK: Request builders

func address(_ line1: String, city: String = "Springfield", state: String = "IL", zip: String = "62701") -> Settle_Accounts_V1_Address {
    var address = Settle_Accounts_V1_Address()
    address.line1 = line1
    address.city = city
    address.state = state
    address.postalCode = zip
    return address
}

func newCustomer(_ name: String, kind: String = "person", key: String = freshKey("customer")) -> Settle_Accounts_V1_CreateCustomerRequest {
    var request = Settle_Accounts_V1_CreateCustomerRequest()
    request.idempotencyKey = key
    request.kind = kind
    request.name = name
    request.contact.phone = "217-555-0100"
    request.contact.email = "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.org"
    request.contact.mailingAddress = address("PO Box 12")
    return request
}

func newPremise(_ line1: String, id: String = "", zone: String = "north", type: String = "residential", key: String = freshKey("premise")) -> Settle_Accounts_V1_CreatePremiseRequest {
    var request = Settle_Accounts_V1_CreatePremiseRequest()
    request.idempotencyKey = key
    request.premiseID = id
    request.serviceAddress = address(line1)
    request.weatherZone = zone
    request.premiseType = type
    return request
}

func service(_ type: String, _ schedule: String = "RES-1", _ rateClass: String = "residential") -> Settle_Accounts_V1_ServiceRequest {
    var service = Settle_Accounts_V1_ServiceRequest()
    service.serviceType = type
    service.rateSchedule = schedule
    service.rateClass = rateClass
    return service
}

func moveInNew(
    customer: String, premise: String, date: String, services: [Settle_Accounts_V1_ServiceRequest], cycle: UInt32 = 7,
    deposit: Int64 = 0, key: String = freshKey("move-in")
) -> Settle_Accounts_V1_MoveInRequest {
    var request = Settle_Accounts_V1_MoveInRequest()
    request.idempotencyKey = key
    request.customerID = customer
    request.premiseID = premise
    request.date = date
    request.services = services
    request.billCycle = cycle
    request.depositCents = deposit
    return request
}

func moveOut(account: String, date: String, premise: String = "", services: [String] = [], key: String = freshKey("move-out")) -> Settle_Accounts_V1_MoveOutRequest {
    var request = Settle_Accounts_V1_MoveOutRequest()
    request.idempotencyKey = key
    request.accountNumber = account
    request.date = date
    request.premiseID = premise
    request.serviceTypes = services
    return request
}

func taxExemption(
    customer: String = "C000001", taxType: String = "sales-tax", certificate: String, effective: String, expiry: String = "",
    key: String = freshKey("exemption")
) -> Settle_Accounts_V1_AddTaxExemptionRequest {
    var request = Settle_Accounts_V1_AddTaxExemptionRequest()
    request.idempotencyKey = key
    request.customerID = customer
    request.taxType = taxType
    request.certificateNumber = certificate
    request.effectiveDate = effective
    request.expiryDate = expiry
    return request
}

func criticalCare(
    _ customer: String, by certifier: String, from effective: String, through expiry: String, note: String = ""
) -> Settle_Accounts_V1_AddCriticalCareCertificationRequest {
    var request = Settle_Accounts_V1_AddCriticalCareCertificationRequest()
    request.idempotencyKey = freshKey()
    request.customerID = customer
    request.certifiedBy = certifier
    request.effectiveDate = effective
    request.expiryDate = expiry
    request.note = note
    return request
}

/// Calls options carrying a reason, as the CLI sends it.
func because(_ reason: String) -> CallOptions { CallOptions(metadata: [MetadataKey.reason: reason]) }

// MARK: Calls

extension AccountsHost {
    /// Adds a tax-exemption certificate to `customer`; an empty `expiry` is open-ended.
    @discardableResult
    func addExemption(
        customer: String = "C000001", taxType: String = "sales-tax", certificate: String, effective: String, expiry: String
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        try await client.addTaxExemption(taxExemption(customer: customer, taxType: taxType, certificate: certificate, effective: effective, expiry: expiry))
    }
}

// MARK: Assertions

