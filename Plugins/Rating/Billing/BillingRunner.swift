import Foundation
import GRDB
import Logging
import SettleContracts
import SettleModuleSDK
import SettleRPC

/// One billing run of a cycle and period, resumable at any point.
///
/// Order of work: gather determinants (Metering, in batches), agreements (Accounts), the
/// tariffs in force; then, batch by batch, rate, check, and write bills with their audit
/// records in one transaction; then post the batch's issued bills to Collections and mark
/// them posted. Everything a run has done is in the store, so a run killed at any point is
/// finished by the next one: agreements with a bill are not rated again, and issued bills
/// not yet posted are posted (Collections keys charges by bill id, so a charge that did
/// reach it before the interruption is reported as already posted, never posted twice).
struct BillingRunner {
    let store: ModuleStore
    let metering: MeteringV1.Client
    let accounts: AccountsV1.Client
    let collections: CollectionsV1.Client
    let timeZone: TimeZone
    let logger: Logger
    let actor: String
    let method: String
    let reason: String

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
        guard let period = YearMonth(request.period) else {
            throw RatingError.invalid("period", request.period.isEmpty ? "a period YYYY-MM is required" : "'\(request.period)' is not a period YYYY-MM")
        }
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
        let codes = Set(agreements.values.map(\.rateSchedule))
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.cycle = settings.cycle
        request.period = period
        request.batchSize = UInt32(settings.batchSize)

        // 2. What is already done, and what the run needs to rate the rest.
        let (billed, skippedBefore, averages, history, cycleTariffs) = try await store.read { db in
            let skipped = Set(try Int64.fetchAllCached(db, sql: "SELECT agreement_id FROM bill_skip WHERE cycle = ? AND period = ?", arguments: [settings.cycle, period]).map { UInt64($0) })
            return (try BillStore.billedAgreements(cycle: settings.cycle, period: period, in: db), skipped,
                    try BillStore.averages(before: settings.period, in: db),
                    try BillStore.demandHistory(before: settings.period, in: db), try Self.tariffs(codes, in: db))
        }
        var tariffs = cycleTariffs
        var sharedSchedule: String?
        let timeOfUse = tariffs.compactMap { code, found -> (String, TariffTerms)? in
            guard case .success(let terms) = found, let last = terms.last, Self.schedules(for: last) != nil else { return nil }
            return (code, last)
        }
        if timeOfUse.count == 1, let (code, terms) = timeOfUse.first, let schedules = Self.schedules(for: terms) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
            sharedSchedule = code
        }
        let context = RatingContext(accounts: accounts, metering: metering)

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
                            let issued = next.bills.filter { $0.status == "issued" }
                            let mark = issued.isEmpty ? nil : try await postOnly(issued, key: next.postingKey)
                            return .posted(next.counts, mark, ContinuousClock.now - postingStarted)
                        }
                    }
                }

                var waitStarted = clock.now
                for try await received in try await metering.getBillingDeterminants(request) {
                    timing.determinants += clock.now - waitStarted
                    defer { waitStarted = clock.now }
                    try Task.checkCancellation()
                    let fresh = received.determinants.filter { !billed.contains($0.agreementID) }
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
                    let unknownCodes = Set(fresh.map(\.rateSchedule)).subtracting(tariffs.keys)
                    if !unknownCodes.isEmpty {
                        let more = try await store.read { db in try Self.tariffs(unknownCodes, in: db) }
                        tariffs.merge(more) { old, _ in old }
                    }
                    // Time-of-use tariffs other than the shared one need kWh per period under their own schedule.
                    let pending = try await withTimeOfUse(fresh, tariffs: tariffs, alreadyAsked: sharedSchedule)
                    batchNumber += 1
                    var bills: [Settle_Rating_V1_Bill] = []
                    var skips: [(Settle_Metering_V1_BillingDeterminants, String)] = []
                    bills.reserveCapacity(pending.count)
                    let ratingStarted = clock.now
                    for item in pending {
                        switch try await rate(item, settings: settings, agreement: agreements[item.agreementID], tariffs: tariffs,
                                              average: averages[item.agreementID], history: history[item.agreementID] ?? [], context: context) {
                        case .bill(let bill): bills.append(bill)
                        case .skip(let why): skips.append((item, why))
                        }
                    }
                    // Serialized here, beside the stages that write and post: the writing stage
                    // is the pipeline's busiest, so it gets bodies and audit lines ready-made.
                    // The batch's issued bills are stored with the key their posting will carry,
                    // so Collections' confirmation marks them with one row.
                    let postingKey = BillIdentity.postingKey(bills.filter { $0.status == "issued" }.map(\.id))
                    let prepared = try bills.map { try PreparedBill($0, postingKey: $0.status == "issued" ? postingKey : "") }
                    timing.rating += clock.now - ratingStarted

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
                        try await save(batchBills, skips: batchSkips, settings: settings, batch: number, skippedBefore: skippedBefore, marking: marks)
                        return .stored(StoredBatch(bills: batchBills.map(\.bill), postingKey: postingKey, skipped: batchSkips.count, took: ContinuousClock.now - storingStarted))
                    }
                }
                let waitingStarted = clock.now
                while pipeline.storing || pipeline.posting || !pipeline.toPost.isEmpty { try await advance() }
                timing.stageWait += clock.now - waitingStarted
            }
        } catch {
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
            rating \(StageTimes.format(timing.rating)) s, waiting for determinants \(StageTimes.format(timing.determinants)) s, \
            waiting for storing and posting \(StageTimes.format(timing.stageWait)) s; beside them storing \(StageTimes.format(timing.storing)) s, \
            posting \(StageTimes.format(timing.posting)) s; before them \(StageTimes.format(preparingTook)) s (whole directory after \(StageTimes.format(directoryTook)) s)
            """)
        if !recorded { try await recordRun(settings, agreements: 0) }

        // 4. Issued bills an earlier, interrupted run did not get to post.
        let unposted = try await store.read { db in
            try BillStore.bills(sql: """
                SELECT body, \(BillStore.postedColumn) FROM bill WHERE cycle = ? AND period = ? AND status = 'issued' AND bill.posted = 0
                AND NOT EXISTS (SELECT 1 FROM bill_posting p WHERE p.key = bill.posting_key) ORDER BY id
                """,
                                arguments: [settings.cycle, period], in: db)
        }
        for start in stride(from: 0, to: unposted.count, by: settings.batchSize) {
            status.apply(try await post(Array(unposted[start..<min(start + settings.batchSize, unposted.count)])))
        }
        status.done = true
        try await progress(status)
    }

    /// The active versions of each tariff code, or why a code cannot rate.
    private static func tariffs(_ codes: Set<String>, in db: Database) throws -> [String: Result<[TariffTerms], RPCError>] {
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

    /// Counts the run in `bill_run` (how many agreements, how many times run).
    private func recordRun(_ settings: Settings, agreements: Int, newAttempt: Bool = true) async throws {
        try await store.write { db in
            try db.executeCached(sql: """
                INSERT INTO bill_run (cycle, period, agreements, runs, last_run_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (cycle, period) DO UPDATE SET agreements = excluded.agreements, runs = runs + ?, last_run_at = excluded.last_run_at
                """, arguments: [settings.cycle, settings.period.description, agreements, UTCNow.text(), newAttempt ? 1 : 0])
        }
    }

    enum Outcome {
        case bill(Settle_Rating_V1_Bill)
        case skip(String)
    }

    /// Lookups a run repeats for many agreements, cached.
    final class RatingContext {
        let accounts: AccountsV1.Client
        let metering: MeteringV1.Client
        var exemptions: [String: Bool] = [:]
        var meterSizes: [String: String] = [:]

        init(accounts: AccountsV1.Client, metering: MeteringV1.Client) {
            self.accounts = accounts
            self.metering = metering
        }

        func exempt(customer: String, taxType: String, on date: LocalDate) async throws -> Bool {
            let key = "\(customer)|\(taxType)|\(date)"
            if let known = exemptions[key] { return known }
            var request = Settle_Accounts_V1_CheckTaxExemptionRequest()
            request.customerID = customer
            request.taxType = taxType
            request.date = date.description
            let exempt = try await accounts.checkTaxExemption(request).exempt
            exemptions[key] = exempt
            return exempt
        }

        func meterSize(_ serial: String) async throws -> String {
            if let known = meterSizes[serial] { return known }
            var request = Settle_Metering_V1_GetMeterRequest()
            request.serial = serial
            let size = try await metering.getMeter(request).meter.size
            meterSizes[serial] = size
            return size
        }
    }

    private func rate(
        _ item: Settle_Metering_V1_BillingDeterminants, settings: Settings, agreement: Settle_Accounts_V1_ServiceAgreement?,
        tariffs: [String: Result<[TariffTerms], RPCError>], average: Int64?, history: [Settle_Rating_V1_PastDemand], context: RatingContext
    ) async throws -> Outcome {
        guard item.problem.isEmpty else { return .skip("no determinants: \(item.problem)") }
        guard let found = tariffs[item.rateSchedule] else { return .skip("no tariff '\(item.rateSchedule)'") }
        let terms: [TariffTerms]
        switch found {
        case .success(let value): terms = value
        case .failure(let error): return .skip(error.message)
        }
        let input = try await Self.input(item, terms: terms, customer: agreement?.customerID ?? "", history: history, context: context)
        let rated: Settle_Rating_V1_RatedBill
        do {
            rated = try BillRater(code: item.rateSchedule, versions: terms, wholePeriod: false).rate(try RatingInput(input))
        } catch {
            return .skip("cannot rate: \(error.message)")
        }

        var bill = Settle_Rating_V1_Bill()
        bill.id = BillIdentity.id(period: settings.periodText, cycle: settings.cycle, agreement: item.agreementID)
        bill.runID = settings.runID
        bill.cycle = settings.cycle
        bill.period = settings.periodText
        bill.agreementID = item.agreementID
        bill.accountNumber = item.accountNumber
        bill.customerID = agreement?.customerID ?? ""
        bill.premiseID = item.premiseID
        bill.serviceType = item.serviceType
        bill.rateClass = item.rateClass
        bill.tariffCode = item.rateSchedule
        bill.billDate = settings.billDateText
        bill.dueDate = settings.dueDateText
        bill.input = input
        bill.rated = rated
        bill.estimated = item.estimated
        bill.reads = item.segments.map(Self.read)

        // Checks before a bill goes out.
        var holds: [String] = []
        if item.held { holds += item.holdReasons.isEmpty ? ["open blocking VEE exception"] : item.holdReasons.map { "VEE: \($0)" } }
        let active = (agreement?.status ?? "active") == "active" && (agreement?.accountStatus ?? "active") != "closed"
        if rated.totalCents <= 0, active {
            holds.append("zero or negative bill (\(Dollars.format(rated.totalCents))) on an active account")
        }
        if let average, average > 0,
           Int128(rated.totalCents) * Int128(Micros.scale) > Int128(average) * Int128(settings.highBillMultipleMicros) {
            holds.append("high bill: \(Dollars.format(rated.totalCents)) is more than \(Micros.format(settings.highBillMultipleMicros)) × the 12-month average \(Dollars.format(average))")
        }
        bill.holdReasons = holds
        bill.status = holds.isEmpty ? "issued" : "held"
        return .bill(bill)
    }

    static func read(_ segment: Settle_Metering_V1_MeterSegment) -> Settle_Rating_V1_BillRead {
        var read = Settle_Rating_V1_BillRead()
        read.meterSerial = segment.meterSerial
        read.fromDate = segment.fromDate
        read.toDate = segment.toDate
        read.startRead = segment.startRead
        read.endRead = segment.endRead
        read.startKind = segment.startKind.name
        read.endKind = segment.endKind.name
        let unit = segment.channel == .gallons ? "gal" : "kWh"
        read.usage = "\(Micros.format(Int128(segment.consumption) * 1_000, decimals: 3)) \(unit)"
        return read
    }

    /// Bills and skips of one batch, in one transaction with one audit record for the batch
    /// that lists every bill written (id, status, total, tariff, holds) and every skip.
    private func save(
        _ bills: [PreparedBill], skips: [(Settle_Metering_V1_BillingDeterminants, String)], settings: Settings, batch: Int, skippedBefore: Set<UInt64>,
        marking marks: [PostedMark] = []
    ) async throws {
        let actor = actor, method = method, reason = reason
        try await store.write { db in
            for mark in marks { try BillStore.markPosted(mark.ids, response: mark.response, postingKey: mark.key, actor: actor, method: method, reason: reason, in: db) }
            var entries: [String] = []
            entries.reserveCapacity(bills.count + skips.count)
            for prepared in bills {
                let bill = prepared.bill
                try BillStore.insert(bill, body: prepared.body, postingKey: prepared.postingKey, in: db)
                if skippedBefore.contains(bill.agreementID) {
                    try db.executeCached(sql: "DELETE FROM bill_skip WHERE cycle = ? AND period = ? AND agreement_id = ?", arguments: [bill.cycle, bill.period, Int64(bill.agreementID)])
                }
                entries.append(prepared.auditEntry)
            }
            for (item, why) in skips {
                try db.executeCached(sql: """
                    INSERT INTO bill_skip (cycle, period, agreement_id, account_number, reason) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (cycle, period, agreement_id) DO UPDATE SET reason = excluded.reason
                    """, arguments: [settings.cycle, settings.period.description, Int64(item.agreementID), item.accountNumber, why])
                entries.append("{\"skipped\":\(item.agreementID),\"reason\":\"\(Self.jsonEscaped(why))\"}")
            }
            guard !entries.isEmpty else { return }
            _ = try AuditLog.append(AuditEntry(
                actor: actor, method: method, entity: "bill_run/\(settings.runID)/batch-\(batch)", before: "", after: "[" + entries.joined(separator: ",") + "]",
                reason: reason.isEmpty ? "billing run \(settings.runID)" : reason), in: db)
        }
    }

    static func jsonEscaped(_ text: String) -> String {
        // Most codes and reasons need no escaping; Foundation's replacing is slow per bill.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// A rated bill ready to store: its body and its line in the batch's audit record.
    struct PreparedBill: Sendable {
        let bill: Settle_Rating_V1_Bill
        let body: [UInt8]
        let auditEntry: String
        /// The key of the posting that will carry the bill's charge; empty for a held bill.
        let postingKey: String

        init(_ bill: Settle_Rating_V1_Bill, postingKey: String) throws {
            self.bill = bill
            self.postingKey = postingKey
            body = try bill.serializedBytes()
            auditEntry = "{\"bill\":\"\(bill.id)\",\"status\":\"\(bill.status)\",\"total_cents\":\(bill.rated.totalCents),\"tariff\":\"\(BillingRunner.jsonEscaped(bill.tariffCode))\",\"holds\":\(bill.holdReasons.count)}"
        }
    }

    /// What the pipeline has in flight: one batch being stored, one being posted, and
    /// stored batches waiting for their posting turn.
    struct Pipeline {
        var storing = false
        var posting = false
        var toPost: [StoredBatch] = []
        /// Postings Collections confirmed, marked by the next storing transaction.
        var toMark: [PostedMark] = []
        /// How many of `toMark` (its first ones) the storing in flight marks.
        var marksBeingStored = 0
    }

    /// A batch's outcome counts.
    struct BatchCounts: Sendable {
        let issued: UInt32
        let held: UInt32
        let skipped: UInt32
    }

    /// A stored batch, waiting to be posted.
    struct StoredBatch: Sendable {
        let bills: [Settle_Rating_V1_Bill]
        /// The key its issued bills were stored with, which their posting must use.
        let postingKey: String
        let skipped: Int
        let took: Duration

        var counts: BatchCounts {
            let issued = bills.filter { $0.status == "issued" }.count
            return BatchCounts(issued: UInt32(issued), held: UInt32(bills.count - issued), skipped: UInt32(skipped))
        }
    }

    /// What a pipeline stage finished.
    enum StageResult: Sendable {
        case stored(StoredBatch)
        case posted(BatchCounts, PostedMark?, Duration)
    }

    /// Where a run's time went, for the log: a slow run says which stage to look at.
    struct StageTimes {
        var determinants = Duration.zero
        var rating = Duration.zero
        var stageWait = Duration.zero
        var storing = Duration.zero
        var posting = Duration.zero

        static func format(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.2f", Double(seconds) + Double(attoseconds) / 1e18)
        }
    }

    /// What Collections answered for one posting.
    struct PostingResult: Sendable {
        let posted: UInt32
        let alreadyPosted: UInt32
    }

    /// Posts issued bills to Collections and marks them posted.
    private func post(_ bills: [Settle_Rating_V1_Bill]) async throws -> PostingResult {
        guard !bills.isEmpty else { return PostingResult(posted: 0, alreadyPosted: 0) }
        let mark = try await postOnly(bills, key: nil)
        try await markPosted([mark])
        return PostingResult(posted: mark.response.posted, alreadyPosted: mark.response.alreadyPosted)
    }

    /// Bills Collections has confirmed, to be marked posted in the store.
    struct PostedMark: Sendable {
        let ids: [String]
        /// The batch's posting key when its bills were stored with it (marked with one row);
        /// nil marks each bill.
        let key: String?
        let response: Settle_Collections_V1_PostBillChargesResponse
    }

    /// Posts issued bills to Collections without marking them: a run marks them in the
    /// transaction that stores a later batch, so posting is one step shorter.
    private func postOnly(_ bills: [Settle_Rating_V1_Bill], key: String?) async throws -> PostedMark {
        PostedMark(ids: bills.map(\.id), key: key, response: try await BillPosting.post(bills, key: key, collections: collections))
    }

    private func markPosted(_ marks: [PostedMark]) async throws {
        guard !marks.isEmpty else { return }
        let actor = actor, method = method, reason = reason
        try await store.write { db in
            for mark in marks { try BillStore.markPosted(mark.ids, response: mark.response, postingKey: mark.key, actor: actor, method: method, reason: reason, in: db) }
        }
    }

    /// Agreements of the cycle by id (customer for exemptions, status for holds), from the
    /// page `request` names to the last.
    private static func agreementPages(
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

    /// Re-asks Metering for kWh per TOU period of agreements on time-of-use tariffs, each
    /// tariff with its own schedule.
    private func withTimeOfUse(
        _ items: [Settle_Metering_V1_BillingDeterminants], tariffs: [String: Result<[TariffTerms], RPCError>], alreadyAsked: String?
    ) async throws -> [Settle_Metering_V1_BillingDeterminants] {
        var byCode: [String: [Int]] = [:]
        for (index, item) in items.enumerated() where item.usesIntervals && item.problem.isEmpty && item.rateSchedule != alreadyAsked {
            guard case .success(let terms)? = tariffs[item.rateSchedule], let last = terms.last, Self.schedules(for: last) != nil else { continue }
            byCode[item.rateSchedule, default: []].append(index)
        }
        var result = items
        for (code, indexes) in byCode.sorted(by: { $0.key < $1.key }) {
            guard case .success(let terms)? = tariffs[code], let last = terms.last, let schedules = Self.schedules(for: last) else { continue }
            let tou = schedules.tou
            let demandTou = schedules.demand
            var position: [UInt64: Int] = [:]
            for start in stride(from: 0, to: indexes.count, by: 2_000) {
                var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
                request.tou = tou
                request.demandTou = demandTou
                request.batchSize = 2_000
                request.items = indexes[start..<min(start + 2_000, indexes.count)].map { index in
                    let item = items[index]
                    position[item.agreementID] = index
                    var wanted = Settle_Metering_V1_DeterminantsItem()
                    wanted.agreementID = item.agreementID
                    wanted.premiseID = item.premiseID
                    wanted.serviceType = item.serviceType
                    wanted.fromDate = item.periodStart
                    wanted.toDate = item.periodEnd
                    return wanted
                }
                for try await batch in try await metering.getBillingDeterminants(request) {
                    for item in batch.determinants {
                        guard let index = position[item.agreementID] else { continue }
                        result[index].touWh = item.touWh
                        result[index].touMaxDemandW = item.touMaxDemandW
                        result[index].touReceivedWh = item.touReceivedWh
                    }
                }
            }
        }
        return result
    }
}

extension BillingRunner {
    /// What a bill is rated on: the determinants, the customer's exemptions from the tariff's
    /// taxes on the last day of service, ratchet history, and the water meter's size when the
    /// base charge depends on it.
    static func input(
        _ item: Settle_Metering_V1_BillingDeterminants, terms: [TariffTerms], customer: String, history: [Settle_Rating_V1_PastDemand], context: RatingContext
    ) async throws -> Settle_Rating_V1_RatingInput {
        var input = Settle_Rating_V1_RatingInput()
        input.periodStart = item.periodStart
        input.periodEnd = item.periodEnd
        input.deliveredWh = item.deliveredWh
        input.receivedWh = item.receivedWh
        input.maxDemandW = item.maxDemandW
        input.kvarhVarh = item.kvarhVarh
        input.gallonsThousandths = item.gallonsThousandths
        input.touWh = item.usesIntervals ? item.touWh : []
        input.touMaxDemandW = item.usesIntervals ? item.touMaxDemandW : []
        input.touReceivedWh = item.usesIntervals ? item.touReceivedWh : []
        input.demandHistory = history
        if let last = terms.last, let end = LocalDate(item.periodEnd) {
            if !customer.isEmpty {
                for taxType in Set(last.taxes.map(\.taxType)).sorted() where !taxType.isEmpty {
                    if try await context.exempt(customer: customer, taxType: taxType, on: end.adding(days: -1)) { input.exemptTaxTypes.append(taxType) }
                }
            }
            let needsSize = [last.water, last.wastewater].contains { volume in volume.map { !$0.base.isEmpty && $0.base[""] == nil } ?? false }
            if needsSize, let serial = item.segments.last?.meterSerial, !serial.isEmpty {
                input.meterSize = try await context.meterSize(serial)
            }
        }
        return input
    }

    /// The schedules Metering needs for a version that prices energy or demand by time of
    /// use (energy schedule with holidays; demand schedule); nil when it does neither.
    static func schedules(for terms: TariffTerms) -> (tou: Settle_Metering_V1_TouSchedule, demand: Settle_Metering_V1_TouSchedule)? {
        let holidays = (terms.energy?.holidays ?? []).map(\.description).sorted()
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

extension Settle_Rating_V1_BillingProgress {
    mutating func apply(_ result: BillingRunner.PostingResult) {
        posted += result.posted
        alreadyPosted += result.alreadyPosted
    }
}

extension LocalDate {
    /// Today's date in a time zone.
    static func today(in timeZone: TimeZone) -> LocalDate {
        let now = Date()
        let seconds = Int(now.timeIntervalSince1970) + timeZone.secondsFromGMT(for: now)
        return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
