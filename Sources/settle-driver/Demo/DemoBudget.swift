import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// Budget billing in the demo: about 5 % of residential customers (every 20th, not on time of
/// use, not planted: all on the programs' cycle 8) put on a levelized plan from the opening read
/// of the programs' first month, a year before the billed one. The demo's ledger starts empty,
/// so each is enrolled on the class estimate ($120.00 a month); the runs bill them the
/// installment (recalculated every 3 bills or on drift), the ledger records the actual charges,
/// the settle-up month (the enrolment's, 12 months on) bills or credits what was deferred, and
/// the summary shows all of it read back from Rating and Programs, with Collections' deferred
/// balance beside Programs'. After the runs, every fourth plan asks for a settle-up, so its next
/// bill bills (or credits) what was deferred since.
struct DemoBudget: Sendable {
    let run: DemoRun

    /// Which residential customers choose a budget plan.
    static func chooses(_ account: DemoAccount) -> Bool {
        account.rateClass == "residential" && !account.touEnrollee && account.plant == nil && !account.solar && account.index % 20 == 7
    }

    /// Enrols before the billing run; returns the agreements on a plan with their accounts.
    func enrol(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws -> [(agreement: UInt64, account: String)] {
        let wanted = plan.filter(Self.chooses)
        let agreements = Dictionary(try await run.agreements(of: wanted.compactMap { numbers[$0.index] }, service: "electric").map { ($0.accountNumber, $0.id) },
                                    uniquingKeysWith: { first, _ in first })
        let programs = ProgramsV1.Client(transport: run.connection)
        let prefix = run.keyPrefix, calendar = run.calendar
        let progress = DemoProgress("budget enrolments", total: wanted.count, quiet: run.quiet)
        let outcomes = try await Concurrently.map(wanted.count, inFlight: 8) { index -> (agreement: UInt64, account: String, refusal: String) in
            defer { progress.advance() }
            guard let number = numbers[wanted[index].index], let agreement = agreements[number] else { return (0, "", "no electric agreement") }
            do {
                _ = try await programs.enrollBudget(.with {
                    $0.idempotencyKey = "\(prefix)-budget-\(agreement)"
                    $0.agreementID = agreement
                    $0.effectiveFrom = calendar.readDate(cycle: wanted[index].cycle, back: DemoCalendar.programMonths + 1)
                    $0.reason = "demo: the customer chose level payments"
                })
                return (agreement, number, "")
            } catch let error as RPCError where error.code == .failedPrecondition {
                return (agreement, number, error.message.replacingOccurrences(of: "enrolment refused: ", with: ""))
            }
        }
        progress.finish()
        let enrolled = outcomes.filter { $0.refusal.isEmpty }
        summary.programs.append(("budget enrolled (class estimate)", "\(DemoFormat.count(enrolled.count)) of \(DemoFormat.count(wanted.count)) asking"))
        var refused: [String: Int] = [:]
        for outcome in outcomes where !outcome.refusal.isEmpty { refused[outcome.refusal, default: 0] += 1 }
        for (reason, count) in refused.sorted(by: { $0.key < $1.key }) { summary.programs.append(("budget refused, " + reason, DemoFormat.count(count))) }
        return enrolled.map { ($0.agreement, $0.account) }
    }

    /// After the run: the plans' bills, installments and deferred balances, Collections' view of
    /// the same accounts, and settle-ups asked for on every fourth plan.
    func summarize(_ enrolled: [(agreement: UInt64, account: String)], summary: inout DemoSummary) async throws {
        guard !enrolled.isEmpty else { return }
        let programs = ProgramsV1.Client(transport: run.connection)
        let plans = try await Concurrently.map(enrolled.count, inFlight: 16) { index in
            try await programs.getBudgetPlan(.with { $0.agreementID = enrolled[index].agreement })
        }
        let billed = plans.filter { $0.bills > 0 }
        let actual = billed.reduce(Int64(0)) { $0 + $1.actualBilledCents }, installments = billed.reduce(Int64(0)) { $0 + $1.installmentsBilledCents }
        let deferred = billed.reduce(Int64(0)) { $0 + $1.deferredCents }
        let billCount = billed.reduce(0) { $0 + Int($1.bills) }
        summary.programs.append(("budget bills", "\(DemoFormat.count(billCount)) on \(DemoFormat.count(billed.count)) plans: actual \(DemoFormat.dollars(cents: actual)), installments due \(DemoFormat.dollars(cents: installments)), deferred \(DemoFormat.dollars(cents: deferred))"))
        try await summarizeBills(enrolled.map(\.agreement), summary: &summary)
        let collections = CollectionsV1.Client(transport: run.connection)
        var ledgerDeferred: Int64 = 0
        let accounts = Array(Set(enrolled.map(\.account))).sorted()
        for start in stride(from: 0, to: accounts.count, by: 2_000) {
            let balances = try await collections.getBalances(.with {
                $0.accountNumbers = Array(accounts[start..<min(start + 2_000, accounts.count)])
                $0.asOf = "2100-01-01"
            })
            ledgerDeferred += balances.balances.reduce(Int64(0)) { $0 + $1.deferredCents }
        }
        summary.programs.append(("budget deferred on the ledger", "\(DemoFormat.dollars(cents: ledgerDeferred)) (\(ledgerDeferred == deferred ? "ties to the plans" : "DOES NOT TIE to the plans"))"))
        let settling = stride(from: 0, to: billed.count, by: 4).map { billed[$0] }
        let prefix = run.keyPrefix
        _ = try await Concurrently.map(settling.count, inFlight: 8) { index in
            try await programs.settleUpBudget(.with {
                $0.idempotencyKey = "\(prefix)-settle-\(settling[index].agreementID)"; $0.agreementID = settling[index].agreementID; $0.reason = "demo: settle-up asked for"
            })
        }
        let owed = settling.reduce(Int64(0)) { $0 + max(0, $1.deferredCents) }, credited = settling.reduce(Int64(0)) { $0 + min(0, $1.deferredCents) }
        summary.programs.append(("budget settle-ups on the next bill", "\(DemoFormat.count(settling.count)): \(DemoFormat.dollars(cents: owed)) to bill, \(DemoFormat.dollars(cents: credited)) to credit"))
    }

    /// The plans' bills month by month, read back from Rating: installments recalculated, and
    /// the settle-ups with what they billed or credited of the deferred balance.
    private func summarizeBills(_ agreements: [UInt64], summary: inout DemoSummary) async throws {
        let bills = try await DemoSolar.bills(of: agreements, run: run).filter(\.hasBudget)
        let recalculated = bills.filter { $0.budget.kind == "installment" && !$0.budget.changeReason.isEmpty }
        let example = recalculated.first.map { " (e.g. \(DemoFormat.dollars(cents: $0.budget.previousInstallmentCents)) → \(DemoFormat.dollars(cents: $0.budget.installmentCents)), \($0.budget.changeReason))" } ?? ""
        summary.programs.append(("budget recalculations", "\(DemoFormat.count(recalculated.count)) bills\(example)"))
        // A settle-up bills the actual charges and the deferred balance: due − actual is what it settled.
        let settleUps = bills.filter { $0.budget.kind == "settle_up" }
        let settled = settleUps.map { $0.budget.dueCents - $0.budget.actualCents }
        let debits = settled.filter { $0 > 0 }, credits = settled.filter { $0 < 0 }
        summary.programs.append(("budget settle-up bills", "\(DemoFormat.count(settleUps.count)): \(DemoFormat.dollars(cents: debits.reduce(0, +))) deferred billed on \(DemoFormat.count(debits.count)), "
            + "\(DemoFormat.dollars(cents: -credits.reduce(0, +))) credited on \(DemoFormat.count(credits.count))"))
        let leaving = bills.filter { $0.budget.kind == "leaving" }
        if !leaving.isEmpty {
            summary.programs.append(("budget plans ended by a bill", "\(DemoFormat.count(leaving.count)): \(DemoFormat.dollars(cents: leaving.reduce(Int64(0)) { $0 + $1.budget.dueCents - $1.budget.actualCents })) of deferred balance made due"))
        }
    }
}
