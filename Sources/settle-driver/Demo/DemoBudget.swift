import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// Budget billing in the demo: about 5 % of residential customers (every 20th, not on time of
/// use, not planted) put on a levelized plan before the billing run. The demo's ledger starts
/// empty, so each is enrolled on the class estimate ($120.00 a month); the run bills them the
/// installment, the ledger records the actual charges, and the summary shows both and the
/// deferred balance, with Collections' figure beside Programs'. After the run, every fourth
/// plan asks for a settle-up, so its next bill bills (or credits) what was deferred.
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
                    $0.effectiveFrom = calendar.readDate(cycle: wanted[index].cycle, back: 1)
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
        summary.programs.append(("budget bills", "\(DemoFormat.count(billed.count)): actual \(DemoFormat.dollars(cents: actual)), installments due \(DemoFormat.dollars(cents: installments)), deferred \(DemoFormat.dollars(cents: deferred))"))
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
}
