import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// One billing run of a cycle and period, resumable at any point.
///
/// A pipeline of named stages, each in its own file: gather (`GatherStage`: agreements,
/// tariffs, determinants in batches) → apply programs (`ProgramsStage`: one call to Programs
/// per batch) → rate (`RateStage`, with exemptions and meter sizes asked once per batch) →
/// check (`CheckStage`: holds) → store (`StoreStage`: a batch's bills with their audit
/// record in one transaction) → post (`PostStage`: the batch's issued bills to Collections,
/// marked posted). This file runs them batch by batch. Everything a run has done is in the store, so a run killed at any point is
/// finished by the next one: agreements with a bill are not rated again, and issued bills
/// not yet posted are posted (Collections keys charges by bill id, so a charge that did
/// reach it before the interruption is reported as already posted, never posted twice).
struct BillingRunner {
    let store: ModuleStore
    let metering: MeteringV1.Client
    let accounts: AccountsV1.Client
    let collections: CollectionsV1.Client
    let programs: ProgramsV1.Client
    let timeZone: TimeZone
    let logger: Logger
    let actor: String
    let method: String
    var reason: String

    static let batchSize = 1_000

    struct Settings {
        let cycle: UInt32
        let period: YearMonth
        let highBillMultipleMicros: Int64
        let batchSize: Int
        let billDate: LocalDate
        let dueDate: LocalDate
        /// Text every bill of the run carries, formatted once rather than once a bill.
        let runID: String
        let periodText: String
        let billDateText: String
        let dueDateText: String

        init(cycle: UInt32, period: YearMonth, highBillMultipleMicros: Int64, batchSize: Int, billDate: LocalDate, dueDate: LocalDate) {
            self.cycle = cycle
            self.period = period
            self.highBillMultipleMicros = highBillMultipleMicros
            self.batchSize = batchSize
            self.billDate = billDate
            self.dueDate = dueDate
            periodText = period.description
            runID = BillIdentity.runID(cycle: cycle, period: periodText)
            billDateText = billDate.description
            dueDateText = dueDate.description
        }
    }

    static func settings(_ request: Settle_Rating_V1_RunBillingRequest, timeZone: TimeZone) throws(RPCError) -> Settings {
        guard (1...20).contains(request.cycle) else { throw RatingError.invalid("cycle", "\(request.cycle) is not a bill cycle 1–20") }
        let period = try RatingError.period(request.period)
        let multiple = request.highBillMultiple.isEmpty ? 3 * Micros.scale : try TariffTerms.decimal(request.highBillMultiple, field: "high_bill_multiple")
        guard multiple > Micros.scale else { throw RatingError.invalid("high_bill_multiple", "must be more than 1") }
        let billDate = request.billDate.isEmpty ? LocalDate.today(in: timeZone) : try RatingError.date(request.billDate, field: "bill_date")
        return Settings(cycle: request.cycle, period: period, highBillMultipleMicros: multiple,
                        batchSize: request.batchSize == 0 ? batchSize : Int(min(request.batchSize, 10_000)), billDate: billDate,
                        dueDate: billDate.adding(days: Int(request.dueDays == 0 ? 21 : request.dueDays)))
    }

    func run(_ settings: Settings, progress: (Settle_Rating_V1_BillingProgress) async throws -> Void) async throws {
        // A run holds a cycle's directory and batches in flight; what it freed goes back to the system.
        defer { FreedMemory.release() }
        let period = settings.period.description
        var status = Settle_Rating_V1_BillingProgress()
        status.runID = settings.runID
        status.billDate = settings.billDateText
        status.dueDate = settings.dueDateText

        // 1. Agreements of the cycle (Accounts) and the tariffs that serve them. When one
        //    time-of-use tariff serves the cycle's first page of agreements, its schedules go
        //    with the determinants request, so Metering computes kWh per period in the same
        //    pass (a time-of-use agreement on another tariff is asked again with its own
        //    schedule). The rest of the directory is listed while Metering starts computing:
        //    listing a large cycle takes as long as computing several batches.
        let preparing = ContinuousClock.now
        var directory = Settle_Accounts_V1_ListServiceAgreementsRequest()
        directory.billCycle = settings.cycle
        directory.pageSize = 10_000
        let firstPage = try await accounts.listServiceAgreements(directory)
        var agreements = Dictionary(firstPage.agreements.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        // Listing the rest; nil once merged (or when the first page was the whole cycle).
        var restOfDirectory = firstPage.nextPageToken.isEmpty ? nil : Task { [accounts, directory, token = firstPage.nextPageToken] in
            var rest = directory
            rest.pageToken = token
            return try await Self.agreementPages(rest, accounts: accounts)
        }
        defer { restOfDirectory?.cancel() }
        let codes = Set(agreements.values.flatMap(\.rateSchedules))
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.cycle = settings.cycle
        request.period = period
        request.batchSize = UInt32(settings.batchSize)

        // 2. What is already done, and what the run needs to rate the rest.
        let (billed, skippedBefore, averages, history, cycleTariffs) = try await store.read { db in
            let skipped = try BillSkipStore.skipped(cycle: settings.cycle, period: period, in: db)
            return (try BillStore.billedAgreements(cycle: settings.cycle, period: period, in: db), skipped,
                    try BillStore.averages(before: settings.period, in: db),
                    try BillStore.demandHistory(before: settings.period, in: db), try Self.tariffs(codes, in: db))
        }
        var tariffs = cycleTariffs
        var sharedSchedule: String?
        // The utility's holidays, once for the run: the period's year and the one before
        // (a period closing in January opens in December).
        let holidays = try await programs.holidays(years: (settings.period.year - 1)...settings.period.year)
        let timeOfUse = tariffs.compactMap { code, found -> (String, TariffTerms)? in
            guard case .success(let terms) = found, let last = terms.last, Self.schedules(for: last, holidays: holidays) != nil else { return nil }
            return (code, last)
        }
        if timeOfUse.count == 1, let (code, terms) = timeOfUse.first, let schedules = Self.schedules(for: terms, holidays: holidays) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
            sharedSchedule = code
        }
        let lookups = BatchLookups(accounts: accounts, metering: metering)

        // 3. A pipeline, batch by batch as Metering streams determinants: this task rates and
        //    checks batch k+1 while a child stores batch k and another posts batch k-1's
        //    issued bills to Collections. Each stage keeps batch order and has one batch in
        //    flight; a batch is posted only once stored, so a rerun finds and posts what an
        //    interruption left unposted. Progress counts a batch once it is posted.
        var batchNumber = 0
        var recorded = false
        let clock = ContinuousClock()
        let started = clock.now
        let preparingTook = started - preparing
        var directoryTook = preparingTook
        var timing = StageTimes()
        var pipeline = Pipeline()
        /// The next batch's programs stage, running while the batch before it is rated.
        var ahead: Task<ProgrammedBatch, any Error>?
        /// The newest batch's solar recording, awaited by that batch's storing (or, when the run
        /// fails first, below): neither task outlives the run.
        var lastSolarRecording: Task<Void, any Error>?
        do {
            try await withThrowingTaskGroup(of: StageResult.self) { stages in
                /// Takes one finished stage and starts the next posting when its turn has come.
                func advance() async throws {
                    guard let finished = try await stages.next() else { return }
                    switch finished {
                    case .stored(let batch):
                        pipeline.storing = false
                        pipeline.toMark.removeFirst(pipeline.marksBeingStored)
                        pipeline.marksBeingStored = 0
                        timing.storing += batch.took
                        pipeline.toPost.append(batch)
                    case .posted(let batch, let mark, let took):
                        pipeline.posting = false
                        timing.posting += took
                        status.billed += batch.issued
                        status.held += batch.held
                        status.skipped += batch.skipped
                        status.processed += batch.issued + batch.held + batch.skipped
                        if let mark {
                            status.posted += mark.response.posted
                            status.alreadyPosted += mark.response.alreadyPosted
                            pipeline.toMark.append(mark)
                        }
                        try await progress(status)
                    }
                    if !pipeline.posting, !pipeline.toPost.isEmpty {
                        let next = pipeline.toPost.removeFirst()
                        pipeline.posting = true
                        stages.addTask {
                            let postingStarted = ContinuousClock.now
                            let issued = next.bills.filter { $0.status == "issued" && !$0.finalBill }
                            let mark = issued.isEmpty ? nil : try await postOnly(issued, key: next.postingKey)
                            return .posted(next.counts, mark, ContinuousClock.now - postingStarted)
                        }
                    }
                }

                /// Rates a batch once its programs stage is done, checks it, and hands it to the storing stage.
                func rateAndStore(_ programmed: Task<ProgrammedBatch, any Error>) async throws {
                    let programsWait = clock.now
                    let batch = try await programmed.value
                    timing.programs += clock.now - programsWait
                    let (pending, effects, tariffs) = (batch.pending, batch.effects, batch.tariffs)
                    batchNumber += 1
                    var bills: [Settle_Rating_V1_Bill] = []
                    var skips: [(Settle_Metering_V1_BillingDeterminants, String)] = []
                    bills.reserveCapacity(pending.count)
                    let ratingStarted = clock.now
                    try await lookups.prefetch(pending.compactMap { item in
                        guard item.problem.isEmpty, effects[item.agreementID]?.skip == nil, case .success(let terms)? = tariffs[item.rateSchedule] else { return nil }
                        return (item, terms, agreements[item.agreementID]?.customerID ?? "")
                    })
                    for item in pending {
                        switch rate(item, settings: settings, agreement: agreements[item.agreementID], tariffs: tariffs,
                                    average: averages[item.agreementID], history: history[item.agreementID] ?? [], lookups: lookups, effects: effects[item.agreementID]) {
                        case .bill(let bill): bills.append(bill)
                        case .skip(let why): skips.append((item, why))
                        }
                    }
                    // Serialized here, beside the stages that write and post: the writing stage
                    // is the pipeline's busiest, so it gets bodies and audit lines ready-made.
                    // The batch's issued bills are stored with the key their posting will carry,
                    // so Collections' confirmation marks them with one row.
                    let postingKey = BillIdentity.postingKey(bills.filter { $0.status == "issued" && !$0.finalBill }.map(\.id))
                    let prepared = try bills.map { try PreparedBill($0, postingKey: $0.status == "issued" && !$0.finalBill ? postingKey : "") }
                    timing.rating += clock.now - ratingStarted

                    // Solar banks move once a bill, recorded in Programs before the batch is
                    // stored; the recording starts now, beside the storing of the batch before.
                    let solarRecorded = Task { [programs, reason, solarBills = bills.filter(\.input.hasSolar)] in
                        try await SolarBanks.record(solarBills, programs: programs, reason: reason)
                    }
                    lastSolarRecording = solarRecorded
                    let waitingStarted = clock.now
                    while pipeline.storing || pipeline.toPost.count > 1 { try await advance() }
                    timing.stageWait += clock.now - waitingStarted
                    pipeline.storing = true
                    let number = batchNumber
                    // The marks stay listed until this transaction commits, so a failure before
                    // then still marks them below.
                    let batchBills = prepared, batchSkips = skips, marks = pipeline.toMark
                    pipeline.marksBeingStored = marks.count
                    stages.addTask {
                        let storingStarted = ContinuousClock.now
                        try await solarRecorded.value
                        try await save(batchBills, skips: batchSkips, settings: settings, batch: number, skippedBefore: skippedBefore, marking: marks)
                        return .stored(StoredBatch(bills: batchBills.map(\.bill), postingKey: postingKey, skipped: batchSkips.count, took: ContinuousClock.now - storingStarted))
                    }
                }

                var waitStarted = clock.now
                for try await received in try await metering.getBillingDeterminants(request) {
                    timing.determinants += clock.now - waitStarted
                    defer { waitStarted = clock.now }
                    try Task.checkCancellation()
                    var fresh = received.determinants.filter { !billed.contains($0.agreementID) }
                    status.alreadyBilled += UInt32(received.determinants.count - fresh.count)
                    status.processed += UInt32(received.determinants.count - fresh.count)
                    if !recorded {
                        recorded = true
                        status.agreements = received.total
                        try await recordRun(settings, agreements: Int(received.total))
                        try await progress(status)
                    }
                    guard !fresh.isEmpty else { continue }
                    if let rest = restOfDirectory {
                        agreements.merge(try await rest.value) { first, _ in first }
                        restOfDirectory = nil
                        directoryTook = clock.now - preparing
                    }
                    // A rate change (a TOU enrolment) applies from its first day's period on.
                    fresh = fresh.map { $0.withRateSchedule(of: agreements[$0.agreementID]) }
                    let unknownCodes = Set(fresh.map(\.rateSchedule)).subtracting(tariffs.keys)
                    if !unknownCodes.isEmpty {
                        let more = try await store.read { db in try Self.tariffs(unknownCodes, in: db) }
                        tariffs.merge(more) { old, _ in old }
                    }
                    // The programs stage of this batch runs while the batch before it is rated
                    // below: Programs answers from its own store, and the two batches never share
                    // an agreement, so neither waits for the other's bills.
                    let next = Task { [self, fresh, agreements, tariffs, sharedSchedule] in
                        let gathered = try await withTimeOfUse(fresh, tariffs: tariffs, alreadyAsked: sharedSchedule, holidays: holidays)
                        let (pending, effects) = try await applyPrograms(gathered, settings: settings, agreements: agreements, tariffs: tariffs)
                        return ProgrammedBatch(pending: pending, effects: effects, tariffs: tariffs)
                    }
                    let previous = ahead
                    ahead = next
                    if let previous { try await rateAndStore(previous) }
                }
                if let previous = ahead {
                    ahead = nil
                    try await rateAndStore(previous)
                }
                let waitingStarted = clock.now
                while pipeline.storing || pipeline.posting || !pipeline.toPost.isEmpty { try await advance() }
                timing.stageWait += clock.now - waitingStarted
            }
        } catch {
            // A programs stage still running finishes (or stops) before the run reports its failure.
            ahead?.cancel()
            _ = try? await ahead?.value
            _ = try? await lastSolarRecording?.value
            // What Collections confirmed is marked even when the run stops (a rerun would
            // find it posted anyway; marking now keeps the register's posted column true).
            try? await markPosted(pipeline.toMark)
            throw error
        }
        try await markPosted(pipeline.toMark)
        // A Metering that does not say the total: the run has seen them all now.
        if status.agreements < status.processed {
            status.agreements = status.processed
            try await recordRun(settings, agreements: Int(status.processed), newAttempt: false)
        }
        logger.info("""
            billing run \(settings.runID): \(status.processed) of \(status.agreements) agreements in \(StageTimes.format(clock.now - started)) s; \
            programs \(StageTimes.format(timing.programs)) s, rating \(StageTimes.format(timing.rating)) s, waiting for determinants \(StageTimes.format(timing.determinants)) s, \
            waiting for storing and posting \(StageTimes.format(timing.stageWait)) s; beside them storing \(StageTimes.format(timing.storing)) s, \
            posting \(StageTimes.format(timing.posting)) s; before them \(StageTimes.format(preparingTook)) s (whole directory after \(StageTimes.format(directoryTook)) s)
            """)
        if !recorded { try await recordRun(settings, agreements: 0) }
        status.finalBills = try await finalBills.completePending(cycle: settings.cycle, period: period)

        // 4. Issued bills an earlier, interrupted run did not get to post.
        let unposted = try await store.read { db in
            try BillStore.unposted(cycle: settings.cycle, period: period, in: db)
        }
        for start in stride(from: 0, to: unposted.count, by: settings.batchSize) {
            status.apply(try await post(Array(unposted[start..<min(start + settings.batchSize, unposted.count)])))
        }
        status.done = true
        try await progress(status)
    }
}
