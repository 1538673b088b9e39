import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Winter averaging's policy, the averages listing and leak adjustments.
extension ProgramsService {
    func getWastewaterPolicy(_ request: Settle_Programs_V1_GetWastewaterPolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_WastewaterPolicy {
        try await store.read { db in try WastewaterStore.policy(in: db) }
    }

    func setWastewaterPolicy(_ request: Settle_Programs_V1_SetWastewaterPolicyRequest, context: ServerContext) async throws -> Settle_Programs_V1_WastewaterPolicy {
        let policy = try WastewaterPolicyRules.checked(request.policy)
        let reason = try Self.requiredReason(request.reason, context: context, else: "a policy change needs a reason")
        return try await replacePolicy(
            request, key: request.idempotencyKey, context: context, entity: "policy/wastewater", reason: reason,
            load: { db in try WastewaterStore.policy(in: db) }, change: { _ in policy },
            save: { policy, db in try WastewaterStore.savePolicy(policy, in: db) })
    }

    func listWastewaterAverages(_ request: Settle_Programs_V1_ListWastewaterAveragesRequest, context: ServerContext) async throws -> Settle_Programs_V1_ListWastewaterAveragesResponse {
        guard (2000...2100).contains(request.year) else { throw ProgramsError.invalid("year", "\(request.year) is not a year 2000–2100") }
        return try await store.read { db in
            let policy = try WastewaterStore.policy(in: db)
            let enrolments = request.accountNumber.isEmpty
                ? try EnrolmentStore.page(kind: ProgramKind.wastewaterAverage.rawValue, status: "", after: 0, limit: Int.max, in: db)
                : try EnrolmentStore.ofAccount(request.accountNumber, in: db).filter { $0.kind == ProgramKind.wastewaterAverage.rawValue }
            var response = Settle_Programs_V1_ListWastewaterAveragesResponse()
            var seen = Set<UInt64>()
            for enrolment in enrolments where seen.insert(enrolment.agreementID).inserted {
                response.averages.append(try WastewaterStore.average(
                    agreement: enrolment.agreementID, account: enrolment.accountNumber, rateClass: enrolment.rateClass,
                    year: Int(request.year), policy: policy, in: db).summary)
            }
            return response
        }
    }

    func adjustWastewaterAverage(_ request: Settle_Programs_V1_AdjustWastewaterAverageRequest, context: ServerContext) async throws -> Settle_Programs_V1_WastewaterAverage {
        guard (2000...2100).contains(request.year) else { throw ProgramsError.invalid("year", "\(request.year) is not a year 2000–2100") }
        let reason = try Self.requiredReason(request.reason, context: context, else: "a leak adjustment needs a reason")
        for (index, end) in request.excludePeriodEnds.enumerated() { _ = try ProgramsError.date(end, field: "exclude_period_ends[\(index)]") }
        let set = request.setGallonsPerDay.isEmpty ? nil : try Self.thousandths(request.setGallonsPerDay, field: "set_gallons_per_day")
        guard set != nil || !request.excludePeriodEnds.isEmpty else {
            throw ProgramsError.invalid("exclude_period_ends", "give the winter periods to exclude or set_gallons_per_day")
        }
        let year = Int(request.year)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            guard let enrolment = try EnrolmentStore.involving([request.agreementID], in: db).last(where: { $0.kind == ProgramKind.wastewaterAverage.rawValue && $0.agreementID == request.agreementID }) else {
                throw ProgramsError.notFound("agreement \(request.agreementID) is not enrolled in wastewater_average")
            }
            let policy = try WastewaterStore.policy(in: db)
            let before = try WastewaterStore.average(agreement: request.agreementID, account: enrolment.accountNumber, rateClass: enrolment.rateClass, year: year, policy: policy, in: db)
            let known = Set(before.summary.periods.map(\.periodEnd))
            for (index, end) in request.excludePeriodEnds.enumerated() where !known.contains(end) {
                throw ProgramsError.invalid("exclude_period_ends[\(index)]", "no \(year) winter period of agreement \(request.agreementID) closes on \(end) (winter periods: \(known.sorted().joined(separator: ", ")))")
            }
            try WastewaterStore.saveAdjustment(agreement: request.agreementID, year: year,
                                               WinterAverage.Adjustment(excludedPeriodEnds: Set(request.excludePeriodEnds), setGallonsPerDayMillis: set, reason: reason), in: db)
            let after = try WastewaterStore.average(agreement: request.agreementID, account: enrolment.accountNumber, rateClass: enrolment.rateClass, year: year, policy: policy, in: db)
            try audit.record(entity: "wastewater_average/\(request.agreementID)/\(year)", before: before.summary.auditJSON, after: after.summary.auditJSON, reason: reason)
            return after.summary
        }
    }

    /// An exact decimal with up to 3 decimals as thousandths ("166.5" → 166,500).
    static func thousandths(_ text: String, field: String) throws -> Int64 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000_000,
              parts.count == 1 || (1...3).contains(parts[1].count) && parts[1].allSatisfy(\.isNumber)
        else { throw ProgramsError.invalid(field, "'\(text)' is not a number of gallons with at most 3 decimals") }
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 3, withPad: "0", startingAt: 0) : "000"
        return whole * 1_000 + (Int64(fraction) ?? 0)
    }
}
