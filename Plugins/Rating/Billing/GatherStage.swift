import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The gather stage: the cycle's agreements (Accounts), the tariffs that serve them, and the
/// determinants (Metering), with kWh per period for time-of-use tariffs.
extension BillingRunner {
    /// Agreements of the cycle by id (customer for exemptions, status for holds), from the
    /// page `request` names to the last.
    static func agreementPages(
        _ request: Settle_Accounts_V1_ListServiceAgreementsRequest, accounts: AccountsV1.Client
    ) async throws -> [UInt64: Settle_Accounts_V1_ServiceAgreement] {
        var directory: [UInt64: Settle_Accounts_V1_ServiceAgreement] = [:]
        var request = request
        while true {
            try Task.checkCancellation()
            let page = try await accounts.listServiceAgreements(request)
            for agreement in page.agreements { directory[agreement.id] = agreement }
            guard !page.nextPageToken.isEmpty else { break }
            request.pageToken = page.nextPageToken
        }
        return directory
    }

    /// The active versions of each tariff code, or why a code cannot rate.
    static func tariffs(_ codes: Set<String>, in db: Database) throws -> [String: Result<[TariffTerms], RPCError>] {
        var tariffs: [String: Result<[TariffTerms], RPCError>] = [:]
        for code in codes {
            do {
                tariffs[code] = .success(try TariffStore.activeTerms(code, in: db))
            } catch let error as RPCError {
                tariffs[code] = .failure(error)
            }
        }
        return tariffs
    }

    /// Re-asks Metering for kWh per TOU period of agreements on time-of-use tariffs, each
    /// tariff with its own schedule.
    func withTimeOfUse(
        _ items: [Settle_Metering_V1_BillingDeterminants], tariffs: [String: Result<[TariffTerms], RPCError>], alreadyAsked: String?,
        holidays: [String]
    ) async throws -> [Settle_Metering_V1_BillingDeterminants] {
        var byCode: [String: [Int]] = [:]
        for (index, item) in items.enumerated() where item.usesIntervals && item.problem.isEmpty && item.rateSchedule != alreadyAsked {
            guard case .success(let terms)? = tariffs[item.rateSchedule], let last = terms.last, Self.schedules(for: last, holidays: holidays) != nil else { continue }
            byCode[item.rateSchedule, default: []].append(index)
        }
        var result = items
        for (code, indexes) in byCode.sorted(by: { $0.key < $1.key }) {
            guard case .success(let terms)? = tariffs[code], let last = terms.last, let schedules = Self.schedules(for: last, holidays: holidays) else { continue }
            var position: [UInt64: Int] = [:]
            for start in stride(from: 0, to: indexes.count, by: 2_000) {
                let wanted = indexes[start..<min(start + 2_000, indexes.count)].map { index in
                    position[items[index].agreementID] = index
                    return Self.item(items[index], from: items[index].periodStart, to: items[index].periodEnd)
                }
                for item in try await determinants(of: wanted, schedules: schedules) {
                    guard let index = position[item.agreementID] else { continue }
                    result[index].touWh = item.touWh
                    result[index].touMaxDemandW = item.touMaxDemandW
                    result[index].touReceivedWh = item.touReceivedWh
                }
            }
        }
        return result
    }

    /// Determinants of explicit items (e.g. totalized members outside the batch), with a
    /// tariff's schedules when it prices by time of use.
    func determinants(
        of items: [Settle_Metering_V1_DeterminantsItem], schedules: (tou: Settle_Metering_V1_TouSchedule, demand: Settle_Metering_V1_TouSchedule)? = nil
    ) async throws -> [Settle_Metering_V1_BillingDeterminants] {
        guard !items.isEmpty else { return [] }
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        if let schedules {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
        }
        request.batchSize = 2_000
        request.items = items
        var found: [Settle_Metering_V1_BillingDeterminants] = []
        for try await batch in try await metering.getBillingDeterminants(request) { found += batch.determinants }
        return found
    }

    /// The explicit request for one agreement's period.
    static func item(_ item: Settle_Metering_V1_BillingDeterminants, from: String, to: String) -> Settle_Metering_V1_DeterminantsItem {
        Settle_Metering_V1_DeterminantsItem(agreement: item.agreementID, premise: item.premiseID, service: item.serviceType, from: from, to: to)
    }

    /// The schedules Metering needs for a version that prices energy or demand by time of
    /// use (energy schedule with holidays; demand schedule); nil when it does neither.
    /// `calendar` is the utility's holiday calendar (Programs'); a tariff's own holidays count too.
    static func schedules(for terms: TariffTerms, holidays calendar: [String]) -> (tou: Settle_Metering_V1_TouSchedule, demand: Settle_Metering_V1_TouSchedule)? {
        let holidays = Set((terms.energy?.holidays ?? []).map(\.description) + calendar).sorted()
        var tou = Settle_Metering_V1_TouSchedule()
        if let energy = terms.energy, !energy.monthly {
            tou.weekday = energy.weekday.map(UInt32.init)
            tou.weekend = energy.weekend.map(UInt32.init)
            tou.holidays = holidays
        }
        var demandTou = Settle_Metering_V1_TouSchedule()
        if let demand = terms.demand, !demand.touPeriods.isEmpty {
            demandTou.weekday = demand.touWeekday.isEmpty ? [UInt32](repeating: 0, count: 288) : demand.touWeekday.map(UInt32.init)
            demandTou.weekend = demand.touWeekend.isEmpty ? demandTou.weekday : demand.touWeekend.map(UInt32.init)
            demandTou.holidays = holidays
        }
        guard !tou.weekday.isEmpty || !demandTou.weekday.isEmpty else { return nil }
        return (tou, demandTou)
    }
}
