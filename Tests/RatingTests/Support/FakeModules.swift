import Foundation
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import Synchronization

/// What the stand-in Accounts, Metering and Collections modules of a test host serve.
///
/// Collections is built on another branch: `FakeCollectionsModule` has its contract's
/// semantics (a charge keyed by bill id and agreement is posted once; a retried request key
/// returns the first answer; a bill is reversed once) and records what was posted.
final class Neighbours: StandInState {
    let agreements = Mutex<[Settle_Accounts_V1_ServiceAgreement]>([])
    /// The most agreements one listing page returns, whatever the caller asks (a server may
    /// return fewer); nil: as asked.
    let agreementPageLimit = Mutex<Int?>(nil)
    /// customer id → tax types it is exempt from.
    let exemptions = Mutex<[String: Set<String>]>([:])
    /// "cycle/period" → determinants.
    let determinants = Mutex<[String: [Settle_Metering_V1_BillingDeterminants]]>([:])
    let meterSizes = Mutex<[String: String]>([:])
    /// Batch lookups Rating made (one per batch at most).
    let exemptionCalls = Mutex(0)
    let meterSizeCalls = Mutex(0)
    /// kWh per TOU period (Wh) Metering computes for an agreement when asked with a schedule.
    let touWh = Mutex<[UInt64: [Int64]]>([:])
    /// Max demand (W) per demand TOU period Metering computes when asked with a demand schedule.
    let touMaxDemandW = Mutex<[UInt64: [Int64]]>([:])
    /// The TOU schedules Rating sent.
    let touRequests = Mutex<[Settle_Metering_V1_TouSchedule]>([])
    let ledger = Ledger()

    @discardableResult
    func agreement(_ id: UInt64, account: String, customer: String, tariff: String, rateClass: String = "residential", service: String = "electric",
                   cycle: UInt32 = 5, status: String = "active") -> Settle_Accounts_V1_ServiceAgreement {
        var agreement = Settle_Accounts_V1_ServiceAgreement()
        agreement.id = id
        agreement.accountNumber = account
        agreement.customerID = customer
        agreement.premiseID = "P\(id)"
        agreement.serviceType = service
        agreement.rateSchedule = tariff
        agreement.rateClass = rateClass
        agreement.status = status
        agreement.accountStatus = "active"
        agreement.billCycle = cycle
        agreements.withLock { $0.append(agreement) }
        return agreement
    }

    /// Determinants of one agreement for a cycle and period.
    func determinants(
        for agreement: Settle_Accounts_V1_ServiceAgreement, period: String, from: String, to: String, kwh: Int64,
        configure: (inout Settle_Metering_V1_BillingDeterminants) -> Void = { _ in }
    ) {
        var item = Settle_Metering_V1_BillingDeterminants()
        item.agreementID = agreement.id
        item.accountNumber = agreement.accountNumber
        item.premiseID = agreement.premiseID
        item.serviceType = agreement.serviceType
        item.rateSchedule = agreement.rateSchedule
        item.rateClass = agreement.rateClass
        item.periodStart = from
        item.periodEnd = to
        item.deliveredWh = kwh * 1_000
        var segment = Settle_Metering_V1_MeterSegment()
        segment.meterSerial = "M\(agreement.id)"
        segment.fromDate = from
        segment.toDate = to
        segment.startRead = 10_000
        segment.endRead = 10_000 + kwh
        segment.startKind = .actual
        segment.endKind = .actual
        segment.consumption = kwh * 1_000
        segment.channel = .kwhDelivered
        item.segments = [segment]
        configure(&item)
        determinants.withLock { $0["\(agreement.billCycle)/\(period)", default: []].append(item) }
    }
}

/// Collections' bill-charge ledger, with the contract's idempotent semantics.
final class Ledger: Sendable {
    struct State {
        var charges: [String: Settle_Collections_V1_BillCharge] = [:]  // "bill/agreement"
        var reversed: [String: Int64] = [:]
        var responses: [String: Settle_Collections_V1_PostBillChargesResponse] = [:]
        var reversals: [String: Settle_Collections_V1_ReverseBillChargesResponse] = [:]
        var postCalls = 0
        /// Calls (1-based) whose charges are written but whose answer is lost (as when the
        /// host is killed between Collections writing and Rating hearing back).
        var loseAnswerOfCalls: Set<Int> = []
    }

    let state = Mutex(State())

    var postedCents: Int64 { state.withLock { $0.charges.values.reduce(0) { $0 + $1.amountCents } - $0.reversed.values.reduce(0, +) } }
    var chargeCount: Int { state.withLock { $0.charges.count } }
    func charges() -> [Settle_Collections_V1_BillCharge] { state.withLock { Array($0.charges.values) }.sorted { $0.billID < $1.billID } }

    func post(_ request: Settle_Collections_V1_PostBillChargesRequest) throws -> Settle_Collections_V1_PostBillChargesResponse {
        try state.withLock { state in
            state.postCalls += 1
            if let first = state.responses[request.idempotencyKey] { return first }
            var response = Settle_Collections_V1_PostBillChargesResponse()
            for charge in request.charges {
                let key = "\(charge.billID)/\(charge.agreementID)"
                if state.charges[key] != nil {
                    response.alreadyPosted += 1
                } else {
                    state.charges[key] = charge
                    response.posted += 1
                    response.postedCents += charge.amountCents
                }
            }
            state.responses[request.idempotencyKey] = response
            if state.loseAnswerOfCalls.contains(state.postCalls) { throw RPCError(.unavailable, "connection lost") }
            return response
        }
    }

    func reverse(_ request: Settle_Collections_V1_ReverseBillChargesRequest) -> Settle_Collections_V1_ReverseBillChargesResponse {
        state.withLock { state in
            // A retry under the same key answers the first response, as Collections' store does.
            if let first = state.reversals[request.idempotencyKey] { return first }
            var response = Settle_Collections_V1_ReverseBillChargesResponse()
            if state.reversed[request.billID] != nil {
                response.alreadyReversed = true
            } else {
                let charges = state.charges.values.filter { $0.billID == request.billID }
                let total = charges.reduce(0) { $0 + $1.amountCents }
                state.reversed[request.billID] = total
                response.reversedCents = total
                response.entriesReversed = UInt32(charges.count)
            }
            state.reversals[request.idempotencyKey] = response
            return response
        }
    }
}

typealias FakeAccountsModule = StandInModule<FakeAccounts>
typealias FakeMeteringModule = StandInModule<FakeMetering>
typealias FakeCollectionsModule = StandInModule<FakeCollections>

/// Accounts: ListServiceAgreements (by cycle, paged) and CheckTaxExemption.
enum FakeAccounts: StandIn {
    static let descriptor = ModuleDescriptor(name: "fakeaccounts", version: "0.0.1", serves: [AccountsV1.serviceName])

    static func register(_ neighbours: Neighbours, with router: inout Router) throws(RouterError) {
        try router.registerUnary(AccountsV1.Method.listServiceAgreements) { (request: Settle_Accounts_V1_ListServiceAgreementsRequest, _) in
            let all = neighbours.agreements.withLock { $0 }.filter { request.billCycle == 0 || $0.billCycle == request.billCycle }.sorted { $0.id < $1.id }
            let after = UInt64(request.pageToken) ?? 0
            let asked = Int(request.pageSize == 0 ? 1_000 : request.pageSize)
            let size = min(asked, neighbours.agreementPageLimit.withLock { $0 } ?? asked)
            let page = Array(all.filter { $0.id > after }.prefix(size))
            var response = Settle_Accounts_V1_ListServiceAgreementsResponse()
            response.agreements = page
            if page.count == size, let last = page.last, all.contains(where: { $0.id > last.id }) { response.nextPageToken = String(last.id) }
            return response
        }
        try router.registerUnary(AccountsV1.Method.checkTaxExemption) { (request: Settle_Accounts_V1_CheckTaxExemptionRequest, _) in
            var response = Settle_Accounts_V1_CheckTaxExemptionResponse()
            response.exempt = neighbours.exemptions.withLock { $0[request.customerID]?.contains(request.taxType) ?? false }
            return response
        }
        try router.registerUnary(AccountsV1.Method.checkTaxExemptions) { (request: Settle_Accounts_V1_CheckTaxExemptionsRequest, _) in
            var response = Settle_Accounts_V1_CheckTaxExemptionsResponse()
            let exemptions = neighbours.exemptions.withLock { $0 }
            response.exempt = request.checks.map { exemptions[$0.customerID]?.contains($0.taxType) ?? false }
            neighbours.exemptionCalls.withLock { $0 += 1 }
            return response
        }
        try router.registerUnary(AccountsV1.Method.getServiceAgreement) { (request: Settle_Accounts_V1_GetServiceAgreementRequest, _) in
            guard let agreement = neighbours.agreements.withLock({ $0 }).first(where: { $0.id == request.agreementID }) else {
                throw RPCError(.notFound, "no service agreement \(request.agreementID)")
            }
            var response = Settle_Accounts_V1_ServiceAgreementResponse()
            response.agreement = agreement
            return response
        }
    }
}

/// Metering: GetBillingDeterminants (by cycle and period, or items with a TOU schedule) and GetMeter.
enum FakeMetering: StandIn {
    static let descriptor = ModuleDescriptor(name: "fakemetering", version: "0.0.1", serves: [MeteringV1.serviceName])

    static func register(_ neighbours: Neighbours, with router: inout Router) throws(RouterError) {
        try router.registerServerStreaming(MeteringV1.Method.getBillingDeterminants) { (request: Settle_Metering_V1_GetBillingDeterminantsRequest, writer: RPCWriter<Settle_Metering_V1_BillingDeterminantsBatch>, _) in
            let all = neighbours.determinants.withLock { $0 }.values.flatMap { $0 }
            var items: [Settle_Metering_V1_BillingDeterminants]
            if request.items.isEmpty {
                items = neighbours.determinants.withLock { $0["\(request.cycle)/\(request.period)"] ?? [] }
            } else {
                items = request.items.compactMap { wanted in all.first { $0.agreementID == wanted.agreementID && $0.periodStart == wanted.fromDate } }
            }
            // Like Metering: with schedules, the per-period figures of interval accounts.
            do {
                if !request.demandTou.weekday.isEmpty {
                    let demand = neighbours.touMaxDemandW.withLock { $0 }
                    items = items.map { item in
                        var item = item
                        item.touMaxDemandW = demand[item.agreementID] ?? []
                        return item
                    }
                }
                if !request.tou.weekday.isEmpty {
                    neighbours.touRequests.withLock { $0.append(request.tou) }
                    let tou = neighbours.touWh.withLock { $0 }
                    items = items.map { item in
                        var item = item
                        item.touWh = tou[item.agreementID] ?? []
                        return item
                    }
                }
            }
            let size = Int(request.batchSize == 0 ? 1_000 : request.batchSize)
            for start in stride(from: 0, to: items.count, by: size) {
                var batch = Settle_Metering_V1_BillingDeterminantsBatch()
                batch.determinants = Array(items[start..<min(start + size, items.count)])
                batch.total = UInt32(items.count)
                try await writer.write(batch)
            }
        }
        try router.registerUnary(MeteringV1.Method.getMeterSizes) { (request: Settle_Metering_V1_GetMeterSizesRequest, _) in
            var response = Settle_Metering_V1_GetMeterSizesResponse()
            let sizes = neighbours.meterSizes.withLock { $0 }
            for serial in request.serials { response.sizes[serial] = sizes[serial] ?? "" }
            neighbours.meterSizeCalls.withLock { $0 += 1 }
            return response
        }
        try router.registerUnary(MeteringV1.Method.getMeter) { (request: Settle_Metering_V1_GetMeterRequest, _) in
            var response = Settle_Metering_V1_MeterResponse()
            response.meter.serial = request.serial
            response.meter.size = neighbours.meterSizes.withLock { $0[request.serial] ?? "" }
            return response
        }
    }
}

/// Collections: PostBillCharges and ReverseBillCharges, into the neighbours' ledger.
enum FakeCollections: StandIn {
    static let descriptor = ModuleDescriptor(name: "fakecollections", version: "0.0.1", serves: [CollectionsV1.serviceName])

    static func register(_ neighbours: Neighbours, with router: inout Router) throws(RouterError) {
        let ledger = neighbours.ledger
        try router.registerUnary(CollectionsV1.Method.postBillCharges) { (request: Settle_Collections_V1_PostBillChargesRequest, _) in try ledger.post(request) }
        try router.registerUnary(CollectionsV1.Method.reverseBillCharges) { (request: Settle_Collections_V1_ReverseBillChargesRequest, _) in ledger.reverse(request) }
    }
}
