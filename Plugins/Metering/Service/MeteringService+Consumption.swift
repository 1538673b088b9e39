import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Consumption and billing determinants, one period or a whole cycle in batches.
extension MeteringService {
    func getConsumption(_ request: Settle_Metering_V1_GetConsumptionRequest, context: ServerContext) async throws -> Settle_Metering_V1_BillingDeterminants {
        guard !request.premiseID.isEmpty else { throw MeteringError.invalid("premise_id", "the premise is required") }
        let serviceType = try MeteringError.serviceType(request.serviceType)
        let from = try MeteringError.date(request.fromDate, field: "from_date")
        let to = try MeteringError.date(request.toDate, field: "to_date")
        guard from < to else { throw MeteringError.invalid("to_date", "\(to) must be after from_date \(from)") }
        guard to - from <= 400 else { throw MeteringError.invalid("to_date", "a period is at most 400 days") }
        let tou = try TOUSchedule(request.tou)
        let demandTou = try TOUSchedule(request.demandTou)
        return try await store.read { db in
            let usage = try PremiseUsage.load(
                premiseID: request.premiseID, serviceType: serviceType, from: from, to: to, intervalsFrom: from, intervalsTo: to,
                in: db, calendar: calendar)
            let start = DeterminantsBuilder.boundary(on: from, usage: usage, calendar: calendar)
            let end = DeterminantsBuilder.boundary(on: to, usage: usage, calendar: calendar)
            return DeterminantsBuilder.build(usage: usage, from: start, to: end, tou: tou, demandTou: demandTou, calendar: calendar)
        }
    }

    func getBillingDeterminants(_ request: Settle_Metering_V1_GetBillingDeterminantsRequest, responses: RPCWriter<Settle_Metering_V1_BillingDeterminantsBatch>, context: ServerContext) async throws {
        let tou = try TOUSchedule(request.tou)
        let demandTou = try TOUSchedule(request.demandTou)
        let batchSize = request.batchSize == 0 ? 1_000 : Int(min(request.batchSize, 10_000))
        if !request.items.isEmpty {
            for start in stride(from: 0, to: request.items.count, by: batchSize) {
                let items = Array(request.items[start..<min(start + batchSize, request.items.count)])
                let batch = try await store.read { db in
                    var batch = Settle_Metering_V1_BillingDeterminantsBatch()
                    batch.total = UInt32(clamping: request.items.count)
                    for item in items { batch.determinants.append(try determinants(item, tou: tou, demandTou: demandTou, in: db)) }
                    return batch
                }
                try await responses.write(batch)
            }
            return
        }
        let cycle = try MeteringError.cycle(request.cycle)
        let period = try MeteringError.period(request.period)
        let (periods, holds, refused) = try await store.read { db in
            (try BillingPeriodStore.periods(cycle: cycle, period: period, in: db),
             try VEEExceptionStore.holds(cycle: cycle, period: period, in: db),
             try RefusedRollovers.ofCycle(cycle: cycle, period: period, in: db))
        }
        guard !periods.isEmpty else {
            throw MeteringError.failedPrecondition("no billing periods for cycle \(cycle) period \(period): VEE has not run for it (settle vee run --cycle \(cycle) --period \(period)) or the cycle has no agreements")
        }
        let total = UInt32(clamping: periods.count)
        @Sendable func batch(_ rows: ArraySlice<BillingPeriodRecord>) async throws -> Settle_Metering_V1_BillingDeterminantsBatch {
            try await store.read { db in
                var batch = Settle_Metering_V1_BillingDeterminantsBatch()
                batch.total = total
                // Every complete period's premise is loaded at once (a few queries a batch).
                let windows = rows.compactMap { record -> PremiseUsage.Window? in
                    guard let start = record.startAt, let end = record.endAt else { return nil }
                    return PremiseUsage.Window(premiseID: record.premiseID, serviceType: record.serviceType, from: calendar.localDate(of: start), to: calendar.localDate(of: end))
                }
                var usages = try PremiseUsage.loadMany(windows, in: db, calendar: calendar).makeIterator()
                for record in rows {
                    let usage = record.startAt != nil && record.endAt != nil ? usages.next() : nil
                    var found = determinants(period: record, usage: usage, holds: holds, tou: tou, demandTou: demandTou)
                    if let refusal = refused[record.agreementID] { RefusedRollovers.withhold(&found, refusal: refusal) }
                    batch.determinants.append(found)
                }
                return batch
            }
        }
        // Two batches at a time on two read connections: computing determinants (interval
        // data above all) is the slow side of a billing run, and the pool reads in parallel.
        // Batches are still sent in order.
        for start in stride(from: 0, to: periods.count, by: batchSize * 2) {
            let middle = min(start + batchSize, periods.count)
            let end = min(middle + batchSize, periods.count)
            async let first = batch(periods[start..<middle])
            async let second = middle < end ? batch(periods[middle..<end]) : nil
            try await responses.write(try await first)
            if let second = try await second { try await responses.write(second) }
        }
    }

    private func determinants(_ item: Settle_Metering_V1_DeterminantsItem, tou: TOUSchedule?, demandTou: TOUSchedule?, in db: Database) throws -> Settle_Metering_V1_BillingDeterminants {
        let serviceType = try MeteringError.serviceType(item.serviceType, field: "items.service_type")
        let from = try MeteringError.date(item.fromDate, field: "items.from_date")
        let to = try MeteringError.date(item.toDate, field: "items.to_date")
        let usage = try PremiseUsage.load(premiseID: item.premiseID, serviceType: serviceType, from: from, to: to, intervalsFrom: from, intervalsTo: to, in: db, calendar: calendar)
        let start = DeterminantsBuilder.boundary(on: from, usage: usage, calendar: calendar)
        let end = DeterminantsBuilder.boundary(on: to, usage: usage, calendar: calendar)
        var result = DeterminantsBuilder.build(usage: usage, from: start, to: end, tou: tou, demandTou: demandTou, calendar: calendar)
        result.agreementID = item.agreementID
        if let refusal = try RefusedRollovers.ofAgreement(item.agreementID, from: start, to: end, in: db) { RefusedRollovers.withhold(&result, refusal: refusal) }
        return result
    }

    /// A period's determinants from its premise's usage (loaded over the period's local days;
    /// nil when VEE found no complete period).
    private func determinants(
        period: BillingPeriodRecord, usage: PremiseUsage?, holds: [UInt64: [String]], tou: TOUSchedule?, demandTou: TOUSchedule?
    ) -> Settle_Metering_V1_BillingDeterminants {
        var result: Settle_Metering_V1_BillingDeterminants
        if let start = period.startAt, let end = period.endAt, let usage {
            result = DeterminantsBuilder.build(usage: usage, from: start, to: end, tou: tou, demandTou: demandTou, calendar: calendar)
        } else {
            result = Settle_Metering_V1_BillingDeterminants()
            result.premiseID = period.premiseID
            result.serviceType = period.serviceType.rawValue
            result.problem = "VEE found no complete period: see the agreement's exceptions"
        }
        result.agreementID = period.agreementID
        result.accountNumber = period.accountNumber
        result.rateSchedule = period.rateSchedule
        result.rateClass = period.rateClass
        result.holdReasons = holds[period.agreementID] ?? []
        result.held = !result.holdReasons.isEmpty || !result.problem.isEmpty
        return result
    }
}
