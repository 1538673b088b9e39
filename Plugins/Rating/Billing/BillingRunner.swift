import Foundation
import GRDB
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
        var runID: String { BillIdentity.runID(cycle: cycle, period: period.description) }
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
        let period = settings.period.description
        var status = Settle_Rating_V1_BillingProgress()
        status.runID = settings.runID

        // 1. Agreements of the cycle (Accounts), then determinants (Metering, in batches). When
        //    one time-of-use tariff serves the cycle, its schedules go with the cycle request,
        //    so Metering computes kWh per period in the same pass.
        let agreements = try await agreementDirectory(cycle: settings.cycle)
        let codes = Set(agreements.values.map(\.rateSchedule))
        let cycleTerms = try await store.read { db in
            codes.reduce(into: [String: TariffTerms]()) { result, code in
                if let last = try? TariffStore.activeTerms(code, in: db).last { result[code] = last }
            }
        }
        let timeOfUse = cycleTerms.filter { Self.schedules(for: $0.value) != nil }
        var collected: [Settle_Metering_V1_BillingDeterminants] = []
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.cycle = settings.cycle
        request.period = period
        request.batchSize = 2_000
        var sharedSchedule: String?
        if timeOfUse.count == 1, let (code, terms) = timeOfUse.first, let schedules = Self.schedules(for: terms) {
            request.tou = schedules.tou
            request.demandTou = schedules.demand
            sharedSchedule = code
        }
        for try await batch in try await metering.getBillingDeterminants(request) {
            collected += batch.determinants
        }
        let determinants = collected
        status.agreements = UInt32(determinants.count)

        // 2. What is already done, and what the run needs to rate the rest.
        let (billed, skippedBefore, averages, history, tariffs) = try await store.read { db in
            let codes = Set(determinants.map(\.rateSchedule))
            var tariffs: [String: Result<[TariffTerms], RPCError>] = [:]
            for code in codes {
                do {
                    tariffs[code] = .success(try TariffStore.activeTerms(code, in: db))
                } catch let error as RPCError {
                    tariffs[code] = .failure(error)
                }
            }
            let skipped = Set(try Int64.fetchAllCached(db, sql: "SELECT agreement_id FROM bill_skip WHERE cycle = ? AND period = ?", arguments: [settings.cycle, period]).map { UInt64($0) })
            return (try BillStore.billedAgreements(cycle: settings.cycle, period: period, in: db), skipped,
                    try BillStore.averages(before: settings.period, in: db),
                    try BillStore.demandHistory(before: settings.period, in: db), tariffs)
        }
        try await store.write { db in
            try db.executeCached(sql: """
                INSERT INTO bill_run (cycle, period, agreements, runs, last_run_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (cycle, period) DO UPDATE SET agreements = excluded.agreements, runs = runs + 1, last_run_at = excluded.last_run_at
                """, arguments: [settings.cycle, period, determinants.count, UTCNow.text()])
        }
        var pending = determinants.filter { !billed.contains($0.agreementID) }
        status.alreadyBilled = UInt32(determinants.count - pending.count)
        status.processed = status.alreadyBilled
        try await progress(status)

        // Time-of-use tariffs need kWh per period under their own schedule.
        pending = try await withTimeOfUse(pending, tariffs: tariffs, alreadyAsked: sharedSchedule)
        let context = RatingContext(accounts: accounts, metering: metering)

        // 3. Rate, check and store, batch by batch; post each batch's issued bills.
        for start in stride(from: 0, to: pending.count, by: settings.batchSize) {
            try Task.checkCancellation()
            let batch = pending[start..<min(start + settings.batchSize, pending.count)]
            var bills: [Settle_Rating_V1_Bill] = []
            var skips: [(Settle_Metering_V1_BillingDeterminants, String)] = []
            for item in batch {
                switch try await rate(item, settings: settings, agreement: agreements[item.agreementID], tariffs: tariffs,
                                      average: averages[item.agreementID], history: history[item.agreementID] ?? [], context: context) {
                case .bill(let bill): bills.append(bill)
                case .skip(let why): skips.append((item, why))
                }
            }
            try await save(bills, skips: skips, settings: settings, batch: start / settings.batchSize + 1, skippedBefore: skippedBefore)
            status.billed += UInt32(bills.filter { $0.status == "issued" }.count)
            status.held += UInt32(bills.filter { $0.status == "held" }.count)
            status.skipped += UInt32(skips.count)
            status.processed += UInt32(batch.count)
            try await post(bills.filter { $0.status == "issued" }, status: &status)
            try await progress(status)
        }

        // 4. Issued bills an earlier, interrupted run did not get to post.
        let unposted = try await store.read { db in
            try BillStore.bills(sql: "SELECT body, posted FROM bill WHERE cycle = ? AND period = ? AND status = 'issued' AND posted = 0 ORDER BY id",
                                arguments: [settings.cycle, period], in: db)
        }
        for start in stride(from: 0, to: unposted.count, by: settings.batchSize) {
            try await post(Array(unposted[start..<min(start + settings.batchSize, unposted.count)]), status: &status)
        }
        status.done = true
        try await progress(status)
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
        bill.id = BillIdentity.id(period: settings.period.description, cycle: settings.cycle, agreement: item.agreementID)
        bill.runID = settings.runID
        bill.cycle = settings.cycle
        bill.period = settings.period.description
        bill.agreementID = item.agreementID
        bill.accountNumber = item.accountNumber
        bill.customerID = agreement?.customerID ?? ""
        bill.premiseID = item.premiseID
        bill.serviceType = item.serviceType
        bill.rateClass = item.rateClass
        bill.tariffCode = item.rateSchedule
        bill.billDate = settings.billDate.description
        bill.dueDate = settings.dueDate.description
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
        read.startKind = String(describing: segment.startKind)
        read.endKind = String(describing: segment.endKind)
        let unit = segment.channel == .gallons ? "gal" : "kWh"
        read.usage = "\(Micros.format(Int128(segment.consumption) * 1_000, decimals: 3)) \(unit)"
        return read
    }

    /// Bills and skips of one batch, in one transaction with one audit record for the batch
    /// that lists every bill written (id, status, total, tariff, holds) and every skip.
    private func save(
        _ bills: [Settle_Rating_V1_Bill], skips: [(Settle_Metering_V1_BillingDeterminants, String)], settings: Settings, batch: Int, skippedBefore: Set<UInt64>
    ) async throws {
        let actor = actor, method = method, reason = reason
        try await store.write { db in
            var entries: [String] = []
            entries.reserveCapacity(bills.count + skips.count)
            for bill in bills {
                try BillStore.insert(bill, in: db)
                if skippedBefore.contains(bill.agreementID) {
                    try db.executeCached(sql: "DELETE FROM bill_skip WHERE cycle = ? AND period = ? AND agreement_id = ?", arguments: [bill.cycle, bill.period, Int64(bill.agreementID)])
                }
                entries.append("{\"bill\":\"\(bill.id)\",\"status\":\"\(bill.status)\",\"total_cents\":\(bill.rated.totalCents),\"tariff\":\"\(Self.jsonEscaped(bill.tariffCode))\",\"holds\":\(bill.holdReasons.count)}")
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
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// Posts issued bills to Collections and marks them posted.
    private func post(_ bills: [Settle_Rating_V1_Bill], status: inout Settle_Rating_V1_BillingProgress) async throws {
        guard !bills.isEmpty else { return }
        let response = try await BillPosting.post(bills, collections: collections)
        status.posted += response.posted
        status.alreadyPosted += response.alreadyPosted
        let ids = bills.map(\.id)
        let actor = actor, method = method, reason = reason
        try await store.write { db in try BillStore.markPosted(ids, response: response, actor: actor, method: method, reason: reason, in: db) }
    }

    /// Agreements of the cycle by id (customer for exemptions, status for holds).
    private func agreementDirectory(cycle: UInt32) async throws -> [UInt64: Settle_Accounts_V1_ServiceAgreement] {
        var directory: [UInt64: Settle_Accounts_V1_ServiceAgreement] = [:]
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.billCycle = cycle
        request.pageSize = 10_000
        while true {
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

extension LocalDate {
    /// Today's date in a time zone.
    static func today(in timeZone: TimeZone) -> LocalDate {
        let now = Date()
        let seconds = Int(now.timeIntervalSince1970) + timeZone.secondsFromGMT(for: now)
        return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
