import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The programs' cycle billed month after month before the billed one, so that programs which
/// only show over time do: a solar bank filled in one month and drawn on in the next, the
/// December true-up paying the bank out, budget plans recalculated and reaching their settle-up
/// month. Billing every account for a year would multiply the demo's billing time by 13; the
/// solar customers and the budget plans all read on one cycle (`DemoUtility.programsCycle`,
/// a twentieth of the utility), so billing that cycle for `DemoCalendar.programMonths` months
/// costs about as much as three fifths of one whole-utility month.
///
/// Each month is what the utility did then: VEE of the cycle's period, its billing run (billed
/// on the 1st of the next month, due 21 days later), and the bills paid in full on the 15th
/// (budget bills their installment due), so the collections month that follows starts from
/// paid-up history. The billed month itself is billed with everyone by `DemoBilling`.
struct DemoProgramMonths: Sendable {
    let run: DemoRun

    func runAll(summary: inout DemoSummary) async throws {
        let cycle = DemoUtility.programsCycle
        let months = DemoCalendar.programMonths
        let metering = run.metering
        let rating = RatingV1.Client(transport: run.connection)
        let collections = run.modules.contains("collections") ? CollectionsV1.Client(transport: run.connection) : nil
        let prefix = run.keyPrefix, calendar = run.calendar
        let progress = DemoProgress("programs' cycle \(cycle), \(months) months", total: months, quiet: run.quiet)
        var billed = 0, held = 0, skipped = 0
        var issued: Int64 = 0, paid: Int64 = 0
        var skipReasons: [String: Int] = [:]
        for back in stride(from: months, through: 1, by: -1) {
            let period = calendar.period(back: back)
            let next = calendar.period(back: back - 1)
            _ = try await metering.runVee(.with {
                $0.idempotencyKey = "\(prefix)-program-vee-\(cycle)-\(period)"
                $0.cycle = cycle
                $0.period = period
            }, options: DemoRun.longCall)
            let stream = try await rating.runBilling(.with {
                $0.idempotencyKey = "\(prefix)-program-bill-\(cycle)-\(period)"
                $0.cycle = cycle
                $0.period = period
                $0.billDate = "\(next)-01"
                $0.dueDays = 21
            }, options: DemoRun.longCall)
            for try await _ in stream {}
            let register = try await rating.getBillRegister(.with { $0.cycle = cycle; $0.period = period })
            billed += Int(register.billed)
            held += Int(register.held)
            skipped += Int(register.skipped)
            issued += register.issuedCents
            for skip in register.skips { skipReasons[DemoBilling.shortReason(skip.reason), default: 0] += 1 }
            if let collections {
                paid += try await pay(period: period, on: "\(next)-15", owedOn: "\(next)-14", rating: rating, collections: collections)
            }
            progress.advance()
        }
        progress.finish()
        let reasons = skipReasons.sorted { $0.value > $1.value }.prefix(2).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        summary.billing.append(("cycle \(cycle), \(calendar.period(back: months)) to \(calendar.period(back: 1))",
            "\(DemoFormat.count(billed)) bills issued, \(DemoFormat.count(held)) held, \(DemoFormat.count(skipped)) skipped\(reasons.isEmpty ? "" : " (\(reasons))"); "
            + "\(DemoFormat.dollars(cents: issued)) billed, \(DemoFormat.dollars(cents: paid)) paid"))
    }

    /// Pays, as one lockbox file, what each account billed in the cycle's period owes on the
    /// day before: its balance less any budget-billing deferred balance (Collections owes
    /// installments). Read the day before, the file is the same on every run of the demo, so its
    /// idempotency key answers a re-run with the first import.
    private func pay(period: String, on date: String, owedOn: String, rating: RatingV1.Client, collections: CollectionsV1.Client) async throws -> Int64 {
        let headers = try await rating.listBills(.with { $0.cycle = DemoUtility.programsCycle; $0.period = period; $0.status = "issued"; $0.headerOnly = true })
        let accounts = Array(Set(headers.bills.map(\.accountNumber))).sorted()
        var rows: [String] = []
        for start in stride(from: 0, to: accounts.count, by: 2_000) {
            let balances = try await collections.getBalances(.with {
                $0.accountNumbers = Array(accounts[start..<min(start + 2_000, accounts.count)])
                $0.asOf = owedOn
            })
            for balance in balances.balances {
                let owed = balance.balanceCents - balance.deferredCents
                guard owed > 0 else { continue }
                rows.append("\(balance.accountNumber),\(Dollars.plain(owed)),\(date),LOCKBOX-\(period)-\(balance.accountNumber)")
            }
        }
        guard !rows.isEmpty else { return 0 }
        var paid: Int64 = 0
        for (number, start) in stride(from: 0, to: rows.count, by: 20_000).enumerated() {
            let batch = rows[start..<min(start + 20_000, rows.count)]
            let response = try await collections.importPayments(.with {
                $0.idempotencyKey = "\(run.keyPrefix)-program-payments-\(period)-\(number)"
                $0.fileName = "lockbox-\(date).csv"
                $0.csv = "account,amount,date,reference\n" + batch.joined(separator: "\n") + "\n"
                $0.firstLine = 1
                $0.channel = "lockbox"
            }, options: DemoRun.longCall)
            paid += response.postedCents
        }
        return paid
    }
}
