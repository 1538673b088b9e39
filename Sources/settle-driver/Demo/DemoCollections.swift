import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The demo's collections month: the utility's policy, the arrears converted from the old
/// system, a month of payments (on time, late, or not at all), late fees, the notice cycle,
/// a weather file with a cold snap, and disconnection eligibility with every rule explained.
struct DemoCollections: Sendable {
    let run: DemoRun

    private var client: CollectionsV1.Client { CollectionsV1.Client(transport: run.connection) }

    /// Dates of the month after the billed one (the bill date is its 1st, due the 22nd).
    private var month: String { run.calendar.period(back: -1) }
    private var paymentsDate: String { "\(month)-15" }
    private var pastDueNoticeDate: String { "\(month)-27" }
    private var nextMonth: String { run.calendar.period(back: -2) }
    private var disconnectNoticeDate: String { "\(nextMonth)-08" }
    private var eligibilityDate: String { "\(nextMonth)-22" }

    func runAll(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws {
        let prefix = run.keyPrefix
        _ = try await client.setPolicy(.with {
            $0.idempotencyKey = "\(prefix)-policy"
            $0.policy.lateFeeBasisPoints = 500
            $0.policy.nsfFeeCents = 2_500
            $0.policy.noticeThresholdCents = 5_000
            $0.policy.noticeDaysAfterDue = 5
            $0.policy.disconnectNoticeAfterDays = 10
            $0.policy.disconnectNoticeDays = 10
            $0.policy.disconnectThresholdCents = 10_000
            $0.policy.holidays = DemoTariffs.holidays
            $0.policy.coldLimitF = 32
            $0.policy.depositBasisPoints = 1_667
            $0.policy.depositInterestBasisPoints = 200
            $0.policy.twoPersonThresholdCents = 50_000
        }, options: CallOptions(metadata: [MetadataKey.reason: "the utility's collections policy"]))
        try await convertArrears(plan, numbers: numbers, summary: &summary)
        try await postPayments(plan, numbers: numbers, summary: &summary)
        let rules = DemoCollectionsRules(run: run)
        let cases = try await rules.apply(plan, numbers: numbers, summary: &summary)

        let fees = try await client.assessLateFees(.with { $0.idempotencyKey = "\(prefix)-late-fees"; $0.asOf = pastDueNoticeDate }, options: DemoRun.longCall)
        summary.collections.append(("late fees (\(pastDueNoticeDate))", "\(DemoFormat.count(Int(fees.fees))) (\(DemoFormat.dollars(cents: fees.feeCents)))"))
        let pastDue = try await client.runNotices(.with { $0.idempotencyKey = "\(prefix)-notices-1"; $0.asOf = pastDueNoticeDate }, options: DemoRun.longCall)
        let disconnect = try await client.runNotices(.with { $0.idempotencyKey = "\(prefix)-notices-2"; $0.asOf = disconnectNoticeDate }, options: DemoRun.longCall)
        summary.collections.append(("past-due notices (\(pastDueNoticeDate))", DemoFormat.count(Int(pastDue.pastDueNotices))))
        summary.collections.append(("disconnect notices (\(disconnectNoticeDate))", DemoFormat.count(Int(disconnect.disconnectNotices + pastDue.disconnectNotices))))

        // A cold front reaches the north zone on the eligibility day.
        var weather = "date,zone,forecast_low_f,heat_advisory\n"
        for zone in DemoUtility.weatherZones {
            for day in 14...28 {
                let date = run.calendar.month(back: -2).firstDay.adding(days: day - 1).description
                let low = zone == "north" && date == eligibilityDate ? 27 : 38 + (day % 7)
                weather += "\(date),\(zone),\(low),no\n"
            }
        }
        _ = try await client.importWeather(.with { $0.idempotencyKey = "\(prefix)-weather"; $0.csv = weather })

        let started = ContinuousClock.now
        let decisions = try await client.evaluateEligibility(.with { $0.idempotencyKey = "\(prefix)-eligibility"; $0.asOf = eligibilityDate }, options: DemoRun.longCall)
        let seconds = (ContinuousClock.now - started).seconds
        var blockedBy: [String: Int] = [:]
        for decision in decisions.decisions where !decision.eligible {
            for rule in decision.rules where !rule.passed { blockedBy[rule.rule, default: 0] += 1 }
        }
        summary.collections.append(("eligibility (\(eligibilityDate))",
            "\(DemoFormat.count(Int(decisions.eligible))) eligible, \(DemoFormat.count(Int(decisions.notEligible))) not (\(String(format: "%.2f", seconds)) s)"))
        for (rule, count) in blockedBy.sorted(by: { $0.value > $1.value }) {
            summary.collections.append(("  not eligible: \(rule)", DemoFormat.count(count)))
        }
        try await rules.explain(cases, decisions: decisions.decisions, asOf: eligibilityDate, summary: &summary)

        let aging = try await client.getAging(.with { $0.asOf = pastDueNoticeDate }, options: DemoRun.longCall)
        let buckets = aging.portfolio
        summary.agingCents = [
            "current": buckets.currentCents, "1-30": buckets.days130Cents, "31-60": buckets.days3160Cents,
            "61-90": buckets.days6190Cents, "91-120": buckets.days91120Cents, "over_120": buckets.over120Cents,
            "total": buckets.totalCents,
        ]
        summary.collections.append(("aging ties to the ledger", aging.ledgerTotalCents == buckets.totalCents
            ? "yes (\(DemoFormat.dollars(cents: aging.ledgerTotalCents)))" : "NO: ledger \(DemoFormat.dollars(cents: aging.ledgerTotalCents))"))
    }

    /// Late and delinquent customers arrive with unpaid balances from the old system.
    private func convertArrears(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws {
        let owing = plan.filter { $0.payer != .onTime }
        let progress = DemoProgress("converted arrears", total: owing.count, quiet: run.quiet)
        let client = self.client
        let prefix = run.keyPrefix
        let calendar = run.calendar
        try await Concurrently.run(owing.count, inFlight: 32) { index in
            let account = owing[index]
            guard let number = numbers[account.index] else { return }
            let monthly = Int64(account.dailyKWh * 30 * 12) + (account.water == nil ? 0 : 4_500)
            let months = account.payer == .delinquent ? [3, 2, 1] : [1]
            for back in months {
                // Built field by field: the same request written as `.with { … }` inside this
                // loop crashed release builds of the driver on this toolchain (the key string
                // read back as garbage while encoding), every run, at the first entry.
                let period = calendar.period(back: back)
                var entry = Settle_Collections_V1_PostEntryRequest()
                entry.idempotencyKey = "\(prefix)-arrears-\(account.index)-\(back)"
                entry.accountNumber = number
                entry.kind = "adjustment"
                entry.amountCents = monthly
                entry.entryDate = period + "-01"
                entry.dueDate = period + "-22"
                entry.memo = "unpaid bill converted from the legacy system"
                _ = try await client.postEntry(entry)
            }
            progress.advance()
        }
        progress.finish()
    }

    /// On-time customers pay everything, late ones this month's bill only, delinquent ones nothing.
    private func postPayments(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws {
        // Balances the day before the payments: what each customer was asked to pay, the same
        // on every run, so the lockbox file (and its idempotency key) is the same too.
        let aging = try await client.getAging(.with { $0.asOf = "\(month)-14"; $0.includeAccounts = true }, options: DemoRun.longCall)
        var balances: [String: AgingBuckets] = [:]
        for row in aging.accounts { balances[row.accountNumber] = row.buckets }
        var rows: [String] = []
        for account in plan {
            guard let number = numbers[account.index], let balance = balances[number], balance.totalCents > 0 else { continue }
            let amount: Int64
            switch account.payer {
            case .onTime: amount = balance.totalCents
            case .late: amount = balance.currentCents
            case .delinquent: amount = 0
            }
            guard amount > 0 else { continue }
            rows.append("\(number),\(Dollars.plain(amount)),\(paymentsDate),LOCKBOX-\(month)-\(account.index + 1)")
        }
        let batches = stride(from: 0, to: rows.count, by: 20_000).map { Array(rows[$0..<min($0 + 20_000, rows.count)]) }
        let progress = DemoProgress("payments", total: rows.count, quiet: run.quiet)
        var posted = 0
        var cents: Int64 = 0
        var rejected = 0
        for (number, batch) in batches.enumerated() {
            let response = try await client.importPayments(.with {
                $0.idempotencyKey = "\(run.keyPrefix)-payments-\(number)"
                $0.fileName = "lockbox-\(paymentsDate).csv"
                $0.csv = "account,amount,date,reference\n" + batch.joined(separator: "\n") + "\n"
                $0.firstLine = 1
                $0.channel = "lockbox"
            }, options: DemoRun.longCall)
            posted += Int(response.posted + response.alreadyPosted)
            cents += response.postedCents
            rejected += response.rejected.count
            progress.advance(by: batch.count)
        }
        progress.finish(rejected > 0 ? "\(rejected) rejected" : "")
        summary.collections.append(("payments (\(paymentsDate))", "\(DemoFormat.count(posted)) (\(DemoFormat.dollars(cents: cents)))"))
    }

    typealias AgingBuckets = Settle_Collections_V1_AgingBuckets
}
