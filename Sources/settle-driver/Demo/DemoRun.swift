import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// The demo's phases against one host connection, in order, each with its progress bar.
struct DemoRun: Sendable {
    let connection: SettleClient
    let utility: DemoUtility
    let modules: Set<String>
    let quiet: Bool
    let keyPrefix: String
    /// Where the demo's reports are written (the data folder's `reports/`).
    var reportsFolder = "./data/reports"

    var accountsClient: AccountsV1.Client { AccountsV1.Client(transport: connection) }
    var metering: MeteringV1.Client { MeteringV1.Client(transport: connection) }
    var calendar: DemoCalendar { utility.calendar }

    /// Calls that may run long (a whole cycle's VEE or bill run) get a generous deadline.
    static let longCall = CallOptions(timeout: .seconds(600))

    func runAll() async throws -> DemoSummary {
        var summary = DemoSummary()
        var phases: [(String, Double)] = []
        for required in ["accounts", "metering"] where !modules.contains(required) {
            throw DriverError("the host does not serve the \(required) module; the demo needs Accounts and Metering")
        }
        let plan = await timed("plan", &phases) {
            (0..<utility.accountCount).map { utility.account($0) }
        }
        let usage = DemoUsage(utility: utility)
        let reads = DemoReads(usage: usage)
        for account in plan {
            summary.accounts += 1
            summary.accountsByClass[account.rateClass, default: 0] += 1
            for service in account.services { summary.agreementsByService[service.type, default: 0] += 1 }
            if let plant = account.plant { summary.planted[plant.rawValue, default: 0] += 1 }
            if account.taxExemptUntil != nil { summary.planted["tax_exempt", default: 0] += 1 }
            if account.taxExemptUntil?.isEmpty == false { summary.planted["tax_exemption_expiring", default: 0] += 1 }
            if account.criticalCare { summary.planted["critical_care", default: 0] += 1 }
        }
        // Second sites of totalized accounts: premises and meters of their own, on the lead's account.
        let groups = modules.contains("programs") ? DemoTotalized.groups(plan, seed: utility.seed) : []
        let sites = groups.map(\.site)
        try await setUpMetering()
        let numbers = try await timed("accounts", &phases) { try await loadAccounts(plan, summary: &summary) }
        try await timed("totalized sites", &phases) { try await DemoTotalized(run: self).openSites(groups, numbers: numbers) }
        try await timed("meters", &phases) { try await loadMeters(plan + sites, reads: reads, summary: &summary) }
        try await timed("move-outs", &phases) { try await moveOuts(plan, reads: reads, numbers: numbers) }
        try await timed("register reads", &phases) { try await importRegisterReads(plan + sites, reads: reads, summary: &summary) }
        try await timed("interval data", &phases) { try await importIntervals(plan + sites, reads: reads, usage: usage, summary: &summary) }
        try await timed("VEE", &phases) { try await runVEE(summary: &summary) }
        try await DemoVEERules(run: self).summarize(summary: &summary)
        var enrolled: (tou: [(agreement: UInt64, cycle: UInt32)], averaged: [(agreement: UInt64, cycle: UInt32)], totalized: [DemoTotalized.Enrolled])?
        var solar: [(agreement: UInt64, cycle: UInt32, metering: String)] = []
        var budget: [(agreement: UInt64, account: String)] = []
        if modules.contains("programs") {
            enrolled = try await timed("programs", &phases) {
                (try await DemoPrograms(run: self).runAll(plan, numbers: numbers, summary: &summary),
                 try await DemoWinterAverages(run: self).runAll(plan, numbers: numbers, summary: &summary),
                 try await DemoTotalized(run: self).enrol(groups, numbers: numbers, summary: &summary))
            }
            solar = try await timed("solar enrolments", &phases) { try await DemoSolar(run: self).enrol(plan, numbers: numbers, summary: &summary) }
            if modules.contains("collections") {
                budget = try await timed("budget plans", &phases) { try await DemoBudget(run: self).enrol(plan, numbers: numbers, summary: &summary) }
            }
        } else {
            summary.skipped.append("programs: the host does not serve the programs module")
        }
        var billed = false
        if modules.contains("rating") {
            let billing = DemoBilling(run: self)
            if try await timed("tariffs", &phases, { try await billing.setUpTariffs(summary: &summary) }) {
                // The solar customers' and budget plans' cycle, billed for the months before
                // the billed one, so banks carry, true up and plans settle up.
                if !solar.isEmpty || !budget.isEmpty {
                    try await timed("programs' cycle months", &phases) { try await DemoProgramMonths(run: self).runAll(summary: &summary) }
                }
                try await timed("billing", &phases) { try await billing.runBilling(summary: &summary) }
                try await timed("final bills", &phases) { try await DemoFinalBills(run: self).runAll(summary: &summary) }
                if let enrolled {
                    try await timed("program effects", &phases) {
                        try await DemoProgramEffects(run: self).runAll(tou: enrolled.tou, averaged: enrolled.averaged, summary: &summary)
                        try await DemoTotalized(run: self).summarizeEffects(enrolled.totalized, summary: &summary)
                        try await DemoSolar(run: self).summarize(solar, summary: &summary)
                        try await DemoBudget(run: self).summarize(budget, summary: &summary)
                    }
                }
                billed = true
            }
        } else {
            summary.skipped.append("billing: the host does not serve the rating module")
        }
        if modules.contains("collections") {
            if billed {
                try await timed("collections", &phases) { try await DemoCollections(run: self).runAll(plan, numbers: numbers, summary: &summary) }
                if modules.contains("refunds") {
                    try await timed("refunds", &phases) { try await DemoRefunds(run: self).runAll(plan, numbers: numbers, summary: &summary) }
                }
            } else {
                summary.skipped.append("payments, notices, eligibility: nothing was billed")
            }
        } else {
            summary.skipped.append("payments, notices, eligibility: the host does not serve the collections module")
        }
        if modules.contains("reporting") && billed {
            try await timed("reports", &phases) { try await DemoReports(run: self, folder: reportsFolder).runAll(numbers: numbers, summary: &summary) }
        }
        summary.phases = phases
        return summary
    }

    private func timed<T>(_ phase: String, _ phases: inout [(String, Double)], _ body: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        let result = try await body()
        phases.append((phase, (ContinuousClock.now - started).seconds))
        return result
    }

    /// Which rates need what of a meter, and each cycle's read day in every month.
    private func setUpMetering() async throws {
        _ = try await metering.setRateRequirements(.with {
            $0.idempotencyKey = "\(keyPrefix)-rate-requirements"
            $0.requirements = [
                .with { $0.rateSchedule = "RES-TOU"; $0.needsTou = true },
                .with { $0.rateSchedule = "RES-SOLAR"; $0.needsReceived = true },
                .with { $0.rateSchedule = "LGS"; $0.needsDemand = true },
                .with { $0.rateSchedule = "IND-TOU"; $0.needsTou = true; $0.needsDemand = true },
            ]
        })
        let progress = DemoProgress("read schedules", total: 20 * (DemoCalendar.historyMonths + 1), quiet: quiet)
        try await Concurrently.run(20 * (DemoCalendar.historyMonths + 1), inFlight: 16) { index in
            let cycle = UInt32(index % 20 + 1)
            let back = index / 20
            _ = try await metering.setReadSchedule(.with {
                $0.idempotencyKey = "\(keyPrefix)-schedule-\(cycle)-\(back)"
                $0.cycle = cycle
                $0.period = calendar.period(back: back)
                $0.readDate = calendar.readDate(cycle: cycle, back: back)
            })
            progress.advance()
        }
        progress.finish()
    }

    /// Loads every account; returns their numbers by plan index.
    private func loadAccounts(_ plan: [DemoAccount], summary: inout DemoSummary) async throws -> [Int: String] {
        let batches = stride(from: 0, to: plan.count, by: 2_000).map { Array(plan[$0..<min($0 + 2_000, plan.count)]) }
        let progress = DemoProgress("customers and accounts", total: plan.count, quiet: quiet)
        let client = accountsClient
        let prefix = keyPrefix
        let start = calendar.serviceStart
        let careExpiry = "\(calendar.period(back: -6))-28"
        let loads = try await Concurrently.map(batches.count, inFlight: 2) { number in
            let batch = batches[number]
            let response = try await client.loadAccounts(.with {
                $0.idempotencyKey = "\(prefix)-accounts-\(number)"
                $0.records = batch.map { DemoRun.record($0, start: start, careExpiry: careExpiry) }
            }, options: DemoRun.longCall)
            progress.advance(by: batch.count)
            return response
        }
        var numbers: [Int: String] = [:]
        var rejections: [String] = []
        for response in loads {
            rejections += response.rejected.map { "\($0.externalID): \($0.reason)" }
            for account in response.accounts {
                if let index = Int(account.externalID.dropFirst("LEGACY-".count)) { numbers[index - 1] = account.accountNumber }
            }
        }
        summary.loadRejections += rejections
        progress.finish(rejections.isEmpty ? "" : "\(rejections.count) rejected")
        return numbers
    }

    static func record(_ account: DemoAccount, start: String, careExpiry: String) -> Settle_Accounts_V1_LoadAccountRecord {
        .with {
            $0.externalID = "LEGACY-\(account.index + 1)"
            $0.customerKind = account.customerKind
            $0.customerName = account.customerName
            $0.contact.phone = String(format: "512-555-%04d", account.index % 10_000)
            $0.premiseID = account.premiseID
            $0.serviceAddress = .with {
                $0.line1 = account.street
                $0.city = "Settle"
                $0.state = "TX"
                $0.postalCode = String(format: "787%02d", account.index % 60)
            }
            $0.weatherZone = account.weatherZone
            $0.premiseType = account.premiseType
            $0.billCycle = account.cycle
            $0.serviceStartDate = start
            $0.services = account.services.map { service in
                .with { $0.serviceType = service.type; $0.rateSchedule = service.schedule; $0.rateClass = account.rateClass }
            }
            if let until = account.taxExemptUntil {
                $0.taxExemptions = [.with {
                    $0.taxType = "sales-tax"
                    $0.certificateNumber = "TX-EX-\(account.index + 1)"
                    $0.effectiveDate = start
                    $0.expiryDate = until
                }]
            }
            if account.criticalCare {
                $0.criticalCare = [.with { $0.certifiedBy = "Dr. R. Alvarez, Central Clinic"; $0.effectiveDate = start; $0.expiryDate = careExpiry }]
            }
        }
    }

    private func loadMeters(_ plan: [DemoAccount], reads: DemoReads, summary: inout DemoSummary) async throws {
        let start = calendar.serviceStart
        var records: [Settle_Metering_V1_LoadMeterRecord] = []
        for account in plan {
            for meter in [account.electric] + (account.water.map { [$0] } ?? []) {
                records.append(.with {
                    $0.meter.serial = meter.serial
                    $0.meter.serviceType = meter.service
                    $0.meter.kind = meter.kind
                    $0.meter.dials = meter.dials
                    $0.meter.ctRatio = String(meter.recordedCTRatio)
                    $0.meter.channels = meter.channels
                    $0.meter.touCapable = meter.touCapable
                    $0.meter.form = meter.form
                    $0.meter.serviceAmps = meter.serviceAmps
                    $0.meter.size = meter.size
                    $0.meter.intervalMinutes = meter.isInterval ? 15 : 0
                    $0.premiseID = account.premiseID
                    $0.installDate = start
                    $0.installReads = meter.channels.map { channel in
                        .with { $0.channel = channel; $0.value = channel == .kwhReceived ? 0 : reads.installReading(account, meter: meter) }
                    }
                    $0.activate = true
                    $0.rateSchedule = account.services.first { $0.type == meter.service }?.schedule ?? ""
                })
            }
        }
        let batches = stride(from: 0, to: records.count, by: 2_500).map { Array(records[$0..<min($0 + 2_500, records.count)]) }
        let progress = DemoProgress("meters", total: records.count, quiet: quiet)
        let client = metering
        let prefix = keyPrefix
        let responses = try await Concurrently.map(batches.count, inFlight: 2) { number in
            let batch = batches[number]
            let response = try await client.loadMeters(.with {
                $0.idempotencyKey = "\(prefix)-meters-\(number)"
                $0.meters = batch
            }, options: DemoRun.longCall)
            progress.advance(by: batch.count)
            return response
        }
        for response in responses {
            summary.metersActive += Int(response.activated)
            for exception in response.exceptions {
                switch exception.outcome {
                case "pending_activation":
                    for problem in exception.problems { summary.metersRefused[problem.code, default: 0] += 1 }
                    if summary.metersRefusedExample.isEmpty, let first = exception.problems.first {
                        summary.metersRefusedExample = "\(exception.serial): \(first.message)"
                    }
                case "already_loaded":
                    summary.metersActive += 1
                default:
                    summary.metersRefused["rejected", default: 0] += 1
                    if summary.metersRefusedExample.isEmpty { summary.metersRefusedExample = "\(exception.serial): \(exception.reason)" }
                }
            }
        }
        progress.finish()
    }

    /// The planted vacant premises: their customers move out mid-month and the meter keeps turning.
    private func moveOuts(_ plan: [DemoAccount], reads: DemoReads, numbers accountNumbers: [Int: String]) async throws {
        let leaving = plan.filter { $0.plant == .vacantUse }
        guard !leaving.isEmpty else { return }
        let progress = DemoProgress("move-outs", total: leaving.count, quiet: quiet)
        let client = accountsClient
        let prefix = keyPrefix
        try await Concurrently.run(leaving.count, inFlight: 16) { index in
            let account = leaving[index]
            guard let out = reads.moveOut(account), let number = accountNumbers[account.index] else { return }
            _ = try await client.moveOut(.with {
                $0.idempotencyKey = "\(prefix)-move-out-\(account.index)"
                $0.accountNumber = number
                $0.date = out.date
            }, options: CallOptions(metadata: [MetadataKey.reason: "customer moved out"]))
            progress.advance()
        }
        progress.finish()
    }

    private func importRegisterReads(_ plan: [DemoAccount], reads: DemoReads, summary: inout DemoSummary) async throws {
        let chunkSize = 4_000
        let chunks = stride(from: 0, to: plan.count, by: chunkSize).map { Array(plan[$0..<min($0 + chunkSize, plan.count)]) }
        let progress = DemoProgress("register reads", total: plan.count, quiet: quiet)
        let client = metering
        let prefix = keyPrefix
        let results = try await Concurrently.map(chunks.count, inFlight: 2) { number in
            let chunk = chunks[number]
            var rows: [Settle_Metering_V1_RegisterRead] = []
            for account in chunk {
                rows += reads.registerReads(account)
                if let out = reads.moveOut(account) { rows += out.reads }
            }
            let messages = stride(from: 0, to: rows.count, by: 10_000).map { Array(rows[$0..<min($0 + 10_000, rows.count)]) }
            let response = try await client.importReads(options: DemoRun.longCall) { writer in
                for (position, batch) in messages.enumerated() {
                    try await writer.write(.with {
                        if position == 0 {
                            $0.idempotencyKey = "\(prefix)-register-reads-\(number)"
                            $0.options.acceptValidRows = true
                            $0.options.sourceName = "demo head-end export \(number + 1)"
                        }
                        $0.registerReads = batch
                    })
                }
            }
            progress.advance(by: chunk.count)
            return response
        }
        for result in results {
            summary.registerReads += Int(result.registerReadsImported)
            summary.readRejections += Int(result.rowsRejected)
        }
        progress.finish(summary.readRejections > 0 ? "\(summary.readRejections) rows rejected" : "")
    }

    private func importIntervals(_ plan: [DemoAccount], reads: DemoReads, usage: DemoUsage, summary: inout DemoSummary) async throws {
        let interval = plan.filter { $0.electric.isInterval && $0.plant != .wrongMultiplier }
        guard !interval.isEmpty else { return }
        let firstDay = usage.firstIntervalDay
        // The programs' cycle is billed from its first programs month (`DemoProgramMonths`),
        // so its interval meters send data from that month's opening read on.
        let programsFirstDay = min(firstDay, usage.dayIndex(calendar.readDate(cycle: DemoUtility.programsCycle, back: DemoCalendar.programMonths + 1)) ?? firstDay)
        let chunkSize = 100
        let chunks = stride(from: 0, to: interval.count, by: chunkSize).map { Array(interval[$0..<min($0 + chunkSize, interval.count)]) }
        let progress = DemoProgress("interval data", total: interval.count, quiet: quiet)
        let client = metering
        let prefix = keyPrefix
        let dayCount = usage.days.count
        let results = try await Concurrently.map(chunks.count, inFlight: 2) { number in
            let chunk = chunks[number]
            let response = try await client.importReads(options: DemoRun.longCall) { writer in
                var first = true
                for account in chunk {
                    var blocks: [Settle_Metering_V1_IntervalBlock] = []
                    let from = account.cycle == DemoUtility.programsCycle ? programsFirstDay : firstDay
                    for day in from..<dayCount { blocks += reads.intervalBlocks(account, day: day) }
                    try await writer.write(.with {
                        if first {
                            $0.idempotencyKey = "\(prefix)-intervals-\(number)"
                            $0.options.acceptValidRows = true
                            $0.options.sourceName = "demo AMI head-end \(number + 1)"
                        }
                        $0.intervalBlocks = blocks
                    })
                    first = false
                }
            }
            progress.advance(by: chunk.count)
            return response
        }
        for result in results {
            summary.intervalValues += Int(result.intervalValuesImported)
            summary.readRejections += Int(result.rowsRejected)
        }
        progress.finish()
    }

    private func runVEE(summary: inout DemoSummary) async throws {
        let progress = DemoProgress("VEE, 20 cycles", total: 20, quiet: quiet)
        let client = metering
        let prefix = keyPrefix
        let period = calendar.billedPeriod
        let results = try await Concurrently.map(20, inFlight: 2) { number in
            let cycle = UInt32(number + 1)
            let response = try await client.runVee(.with {
                $0.idempotencyKey = "\(prefix)-vee-\(cycle)"
                $0.cycle = cycle
                $0.period = period
            }, options: DemoRun.longCall)
            progress.advance()
            return response
        }
        for result in results {
            summary.veeAgreements += Int(result.agreements)
            summary.veePassed += Int(result.passed)
            summary.veeHeld += Int(result.held)
            for (type, count) in result.byType { summary.veeExceptionsByType[type, default: 0] += Int(count) }
        }
        progress.finish()
    }
}
