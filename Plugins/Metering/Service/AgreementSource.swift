import SettleContracts
import SettleDomain

/// A service agreement as Metering needs it: where, what service, which rate, which dates.
struct Agreement: Sendable, Equatable {
    var id: UInt64
    var accountNumber: String
    var premiseID: String
    var serviceType: ServiceType
    var rateSchedule: String
    var rateClass: String
    var startDate: LocalDate
    var endDate: LocalDate?
    var status: String
    var cycle: Int
    var premiseVacant: Bool

    init(
        id: UInt64, accountNumber: String, premiseID: String, serviceType: ServiceType, rateSchedule: String = "",
        rateClass: String = "", startDate: LocalDate, endDate: LocalDate? = nil, status: String = "active", cycle: Int,
        premiseVacant: Bool = false
    ) {
        self.id = id
        self.accountNumber = accountNumber
        self.premiseID = premiseID
        self.serviceType = serviceType
        self.rateSchedule = rateSchedule
        self.rateClass = rateClass
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
        self.cycle = cycle
        self.premiseVacant = premiseVacant
    }

    /// Nil for an agreement whose service type or start date Metering cannot read.
    init?(_ proto: Settle_Accounts_V1_ServiceAgreement) {
        guard let serviceType = ServiceType(rawValue: proto.serviceType), let start = LocalDate(proto.startDate) else { return nil }
        self.init(
            id: proto.id, accountNumber: proto.accountNumber, premiseID: proto.premiseID, serviceType: serviceType,
            rateSchedule: proto.rateSchedule, rateClass: proto.rateClass, startDate: start, endDate: LocalDate(proto.endDate),
            status: proto.status, cycle: Int(proto.billCycle), premiseVacant: proto.premiseVacant)
    }

    func inService(on date: LocalDate) -> Bool {
        date >= startDate && (endDate.map { date <= $0 } ?? true)
    }
}

/// Where Metering learns about agreements: the Accounts contract, or a stand-in in tests.
protocol AgreementSource: Sendable {
    /// Agreements of a bill cycle in service on some day of `[from, to]`.
    func agreements(cycle: Int, from: LocalDate, to: LocalDate) async throws -> [Agreement]
    /// Every agreement at a premise for a service.
    func agreements(premiseID: String, serviceType: ServiceType) async throws -> [Agreement]
}

/// Agreements from the Accounts module over its typed client, page by page.
struct AccountsAgreementSource: AgreementSource {
    let client: AccountsV1.Client

    func agreements(cycle: Int, from: LocalDate, to: LocalDate) async throws -> [Agreement] {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.billCycle = UInt32(cycle)
        request.inServiceFrom = from.description
        request.inServiceTo = to.description
        return try await all(request)
    }

    func agreements(premiseID: String, serviceType: ServiceType) async throws -> [Agreement] {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.premiseID = premiseID
        request.serviceType = serviceType.rawValue
        return try await all(request)
    }

    private func all(_ first: Settle_Accounts_V1_ListServiceAgreementsRequest) async throws -> [Agreement] {
        var request = first
        request.pageSize = 10_000
        var result: [Agreement] = []
        while true {
            let page = try await client.listServiceAgreements(request)
            result.append(contentsOf: page.agreements.compactMap(Agreement.init))
            guard !page.nextPageToken.isEmpty else { return result }
            request.pageToken = page.nextPageToken
        }
    }
}
