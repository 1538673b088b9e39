import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Finding the premises a cycle's VEE run checks for use while vacant.
extension MeteringService {
    /// Premises of the cycle with no agreement in service at any time in the period: those
    /// the cycle billed before, and those whose agreement's last period already closed at its
    /// move-out read, unless another agreement (of any cycle, Accounts says) serves them.
    func vacantPremises(cycle: Int, period: YearMonth, schedule: ReadSchedule, agreements list: [Agreement]) async throws -> [Vacancy.Premise] {
        let (previousEnds, billed) = try await store.read { db in
            (try Vacancy.previousEnds(before: period, in: db), try Vacancy.billedBefore(cycle: cycle, period: period, in: db))
        }
        let finished = Vacancy.finished(list, previousEnds: previousEnds, calendar: calendar)
        struct Key: Hashable { let premise: String; let service: ServiceType }
        let served = Set(list.filter { !finished.contains($0.id) }.map { Key(premise: $0.premiseID, service: $0.serviceType) })
        var candidates: [Key] = []
        var seen = Set<Key>()
        for agreement in list where finished.contains(agreement.id) && agreement.serviceType.meteredBy == agreement.serviceType {
            let key = Key(premise: agreement.premiseID, service: agreement.serviceType)
            if !served.contains(key), seen.insert(key).inserted { candidates.append(key) }
        }
        for row in billed {
            let key = Key(premise: row.premiseID, service: row.serviceType)
            if !served.contains(key), seen.insert(key).inserted { candidates.append(key) }
        }
        let opens = schedule.readDate(period.adding(months: -1)).adding(days: 1)
        let closes = schedule.readDate(period)
        var result: [Vacancy.Premise] = []
        for key in candidates {
            try Task.checkCancellation()
            let all = try await agreements.agreements(premiseID: key.premise, serviceType: key.service)
            // Served on any day of the period by any agreement: not vacant.
            // (An agreement whose last period closed at its move-out read has been billed for its service.)
            guard !all.contains(where: { !finished.contains($0.id) && $0.startDate <= closes && ($0.endDate.map { $0 >= opens } ?? true) }) else { continue }
            guard let last = all.max(by: { ($0.endDate ?? $0.startDate) < ($1.endDate ?? $1.startDate) }) else { continue }
            result.append(Vacancy.Premise(premiseID: key.premise, serviceType: key.service, lastAgreement: last))
        }
        return result
    }
}
