import Foundation
import GRDB
@testable import SettleCollections
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The trial balance after a random sequence of 10,000 operations.
final class TrialBalanceTests: XCTestCase {
    func testTheTrialBalanceHoldsAfterTenThousandRandomOperations() async throws {
        try await withCollectionsHost { host in
            var random = SplitMix64(state: 20_250_101)
            let accounts = (0..<40).map { String(100_001 + $0) }
            var expected: [String: Int64] = [:]
            var bills: [String] = []
            var payments: [String] = []
            var entries: [UInt64] = []
            var day = LocalDate("2024-01-01")!
            var billNumber = 0
            var done = 0
            var depositMoves = 0
            // Each account starts with an opening bill, so the ledger knows it.
            for account in accounts {
                billNumber += 1
                try await host.post([charge("B-\(billNumber)", account: account, cents: 10_000, billDate: "2023-12-01", dueDate: "2023-12-21")])
                expected[account, default: 0] += 10_000
            }
            while done < 10_000 {
                let account = accounts[Int.random(in: 0..<accounts.count, using: &random)]
                if Int.random(in: 0..<20, using: &random) == 0 { day = day.adding(days: 1) }
                let date = day.description
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<40:  // a bill of one or two services
                    billNumber += 1
                    let bill = "B-\(billNumber)"
                    let a = Int64.random(in: -2_000...50_000, using: &random)
                    let b = Int64.random(in: 1...9_999, using: &random)
                    try await host.post([
                        charge(bill, account: account, agreement: 1, cents: a, billDate: date, dueDate: day.adding(days: 21).description),
                        charge(bill, account: account, agreement: 2, cents: b, billDate: date, dueDate: day.adding(days: 21).description),
                    ])
                    expected[account, default: 0] += a + b
                    bills.append(bill)
                case 40..<75:
                    let cents = Int64.random(in: 1...60_000, using: &random)
                    let reference = "P-\(done)"
                    let entry = try await host.pay(account, cents, on: date, reference: reference).entry
                    expected[entry.accountNumber, default: 0] -= cents
                    payments.append(reference)
                    entries.append(entry.id)
                case 75..<80 where !payments.isEmpty:
                    let reference = payments.remove(at: Int.random(in: 0..<payments.count, using: &random))
                    let returned = try await host.returnPayment(reference, on: date)
                    expected[returned.reversal.accountNumber, default: 0] += returned.reversal.amountCents + returned.fee.amountCents
                case 80..<85 where !bills.isEmpty:
                    var request = Settle_Collections_V1_ReverseBillChargesRequest()
                    request.idempotencyKey = freshKey("rev")
                    request.billID = bills.remove(at: Int.random(in: 0..<bills.count, using: &random))
                    request.entryDate = date
                    let reversed = try await host.client.reverseBillCharges(request)
                    let bill = request.billID
                    let ledgerEntries = try await host.store().read { db in
                        try Row.fetchAll(db, sql: "SELECT account_number, amount_cents FROM ledger_entry WHERE bill_id = ? AND kind = 'reversal'", arguments: [bill])
                            .map { ($0[0] as String, $0[1] as Int64) }
                    }
                    XCTAssertEqual(ledgerEntries.map(\.1).reduce(0, +), -reversed.reversedCents)
                    for (number, cents) in ledgerEntries { expected[number, default: 0] += cents }
                case 85..<92:
                    var request = Settle_Collections_V1_PostEntryRequest()
                    request.idempotencyKey = freshKey("entry")
                    request.accountNumber = account
                    let kinds = ["adjustment", "credit", "write_off", "deposit_billed", "deposit_applied", "deposit_refunded"]
                    request.kind = kinds[Int.random(in: 0..<kinds.count, using: &random)]
                    request.amountCents = Int64.random(in: 1...5_000, using: &random)
                    request.entryDate = date
                    do {
                        let posted = try await host.client.postEntry(request)
                        expected[account, default: 0] += posted.entry.amountCents
                        if request.kind.hasPrefix("deposit_") && request.kind != "deposit_billed" {
                            XCTAssertGreaterThanOrEqual(posted.depositHeldCents, 0)
                            depositMoves += 1
                        }
                    } catch let error as RPCError where error.code == .failedPrecondition && request.kind != "deposit_billed" {
                        XCTAssertTrue(error.message.contains("is more than the deposit held"), error.message)  // nothing held to take out
                    }
                case 92..<96:
                    let other = accounts[Int.random(in: 0..<accounts.count, using: &random)]
                    guard other != account else { continue }
                    var request = Settle_Collections_V1_TransferBalanceRequest()
                    request.idempotencyKey = freshKey("transfer")
                    request.fromAccount = account
                    request.toAccount = other
                    request.amountCents = Int64.random(in: 1...10_000, using: &random)
                    request.entryDate = date
                    _ = try await host.client.transferBalance(request)
                    expected[account, default: 0] -= request.amountCents
                    expected[other, default: 0] += request.amountCents
                case 96..<99 where !entries.isEmpty:
                    // A retried payment call: the same key and request post nothing more.
                    let reference = "P-retry-\(done)"
                    let key = freshKey("retry")
                    _ = try await host.pay(account, 1_234, on: date, reference: reference, key: key)
                    _ = try await host.pay(account, 1_234, on: date, reference: reference, key: key)
                    expected[account, default: 0] -= 1_234
                    payments.append(reference)
                default:
                    let fees = try await host.assessLateFees(date)
                    for entry in fees.entries { expected[entry.accountNumber, default: 0] += entry.amountCents }
                    XCTAssertLessThanOrEqual(fees.entries.count, 1_000)
                }
                done += 1
            }
            XCTAssertGreaterThan(depositMoves, 0, "some deposits were applied or refunded")
            let check = try await host.checkLedger()
            XCTAssertTrue(check.balanced, "\(check.problems)")
            XCTAssertEqual(check.sumOfBalancesCents, check.sumOfEntriesCents)
            XCTAssertEqual(check.sumOfEntriesCents, expected.values.reduce(0, +))
            let sums = try await host.store().read { db in
                try Row.fetchAll(db, sql: "SELECT account_number, SUM(amount_cents) FROM ledger_entry GROUP BY account_number")
                    .map { ($0[0] as String, $0[1] as Int64) }
            }
            for (number, sum) in sums { XCTAssertEqual(sum, expected[number], "db sum \(number)") }
            for account in accounts where expected[account] != nil {
                let ledger = try await host.ledger(account)
                XCTAssertEqual(ledger.balanceCents, expected[account], account)
            }
            let report = try await host.aging(asOf: day.description)
            XCTAssertTrue(report.tiesToLedger)
            XCTAssertEqual(report.portfolio.totalCents, check.sumOfEntriesCents)
            let verification = try await host.store().verifyAuditChain()
            XCTAssertTrue(verification.intact, "\(verification)")

            // One scan of chosen accounts (eligibility's read) gives each the position its own
            // read gives; accounts without entries are simply absent.
            let chosen = (Array(accounts.shuffled(using: &random).prefix(15)) + ["999999", "quote\"d"]).sorted()
            for asOf in [day.adding(days: -120).dayNumber, day.dayNumber] {
                let (scanned, single) = try await host.store().read { db in
                    var scanned: [String: AccountPosition] = [:]
                    try LedgerScan.positions(through: asOf, withBills: true, accounts: chosen, in: db) { account, _, position in
                        scanned[account] = position
                    }
                    var single: [String: AccountPosition] = [:]
                    for account in chosen { single[account] = try LedgerStore.position(account: account, on: asOf, in: db) }
                    return (scanned, single)
                }
                XCTAssertTrue(Set(scanned.keys).isSubset(of: Set(accounts)), "\(scanned.keys.sorted())")
                for account in chosen {
                    XCTAssertEqual(scanned[account] ?? AccountPosition(), single[account], "\(account) on \(LocalDate(dayNumber: asOf))")
                }
            }
        }
    }
}
