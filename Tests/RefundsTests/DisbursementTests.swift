import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Disbursement batches: other balances first, the NACHA file checked by an independent
/// reading of its records, the check register, release once, returned ACH and uncashed checks.
final class DisbursementTests: XCTestCase {
    /// Three closed accounts with credits: Gus (ACH checking), Hal (ACH savings), Ida (check).
    /// Gus's customer also owes 25.00 on a second account: that is paid first.
    func testABatchWritesANachaFileWhoseTotalsAndHashRecomputeAndPaysOnceWhenReleasedTwice() async throws {
        try await withRefundsHost { host in
            let gus = try await closedWithCredit(host, "Gus Ray", premise: "P-GUS", overpaid: 12_345)
            let hal = try await closedWithCredit(host, "Hal Ek", premise: "P-HAL", overpaid: 20_000)
            let ida = try await closedWithCredit(host, "Ida Bell", premise: "P-IDA", overpaid: 7_050)
            let second = try await host.accounts.openAccount(.with { $0.idempotencyKey = freshKey("open"); $0.customerID = gus.id; $0.billCycle = 5; $0.openedDate = "2025-01-01"; $0.mailingAddress = .with { $0.line1 = "1 Oak St"; $0.city = "Springfield"; $0.state = "IL"; $0.postalCode = "62701" } }).account.number
            try await host.charge(Customer(id: gus.id, account: second, agreement: gus.agreement), bill: "B-GUS-OTHER", cents: 2_500, billDate: "2025-03-01", dueDate: "2025-03-21")
            try await host.bank(gus.account, routing: "021000021", number: "000123456789")
            try await host.bank(hal.account, routing: "011000015", number: "98765", type: "savings")
            var ids: [String] = []
            for customer in [gus, hal, ida] {
                let refund = try await host.request("credit_balance", customer.account, date: "2025-03-10")
                ids.append(try await host.clerk.approveRefund(host.decide(refund.id)).id)
            }
            let batch = try await host.batch(date: "2025-03-14")
            XCTAssertEqual(batch.items.map(\.refundID), ids)
            XCTAssertEqual(batch.items.map(\.method), ["ach", "ach", "check"])
            XCTAssertEqual(batch.items.map(\.grossCents), [12_345, 20_000, 7_050])
            XCTAssertEqual(batch.items[0].offsets.map { "\($0.accountNumber) \($0.amountCents)" }, ["\(second) 2500"])
            XCTAssertEqual(batch.items.map(\.netCents), [9_845, 20_000, 7_050])
            XCTAssertEqual(batch.achTotalCents, 29_845)
            XCTAssertEqual(batch.checkTotalCents, 7_050)
            XCTAssertEqual(batch.items[0].bankAccountMasked, "********6789")

            let nacha = try await host.export(batch.id, "nacha")
            let again = try await host.export(batch.id, "nacha")
            XCTAssertEqual(nacha.content, again.content, "the batch writes the same file every time")
            XCTAssertEqual(nacha.sha256, again.sha256)
            XCTAssertEqual(nacha.sha256.count, 64)
            try checkNacha(nacha.content, entries: [("021000021", "000123456789", "22", 9_845), ("011000015", "98765", "32", 20_000)], batch: batch)

            let register = try await host.export(batch.id, "csv").content
            XCTAssertEqual(register, """
                check_number,check_date,refund_id,account_number,payee,amount
                100001,2025-03-14,\(ids[2]),\(ida.account),Ida Bell,70.50
                total,2025-03-14,,,1 checks,70.50

                """)

            let first = try await host.release(batch.id)
            XCTAssertEqual(first.posted, 3)
            XCTAssertEqual(first.alreadyPosted, 0)
            XCTAssertEqual(first.batch.status, "released")
            let twice = try await host.release(batch.id)
            XCTAssertEqual(twice.posted, 0)
            XCTAssertEqual(twice.alreadyPosted, 3)
            for (customer, paid) in [(gus, 9_845), (hal, 20_000), (ida, 7_050)] {
                let ledger = try await host.ledger(customer.account)
                XCTAssertEqual(ledger.entries.filter { $0.kind == "refund" }.map(\.amountCents), [Int64(paid)], customer.account)
                XCTAssertEqual(ledger.balanceCents, 0, customer.account)
            }
            let other = try await host.ledger(second)
            XCTAssertEqual(other.balanceCents, 0, "the refund paid the customer's other account first")
            XCTAssertEqual(other.entries.last?.kind, "transfer")
            let check = try await host.collections.checkLedger(.init())
            XCTAssertTrue(check.balanced, "\(check.problems)")
        }
    }

    /// A returned ACH entry reverses the refund entry (the credit is open again) and voids the
    /// refund; reissued and approved again, it is paid once more, once.
    func testAReturnedACHReopensTheCreditAndAReissuePaysIt() async throws {
        try await withRefundsHost { host in
            let jo = try await closedWithCredit(host, "Jo Kim", premise: "P-JO", overpaid: 4_321)
            try await host.bank(jo.account)
            let refund = try await host.request("credit_balance", jo.account, date: "2025-03-10")
            _ = try await host.clerk.approveRefund(host.decide(refund.id))
            let batch = try await host.batch(date: "2025-03-14")
            _ = try await host.release(batch.id)
            let paidBalance = try await host.ledger(jo.account).balanceCents
            XCTAssertEqual(paidBalance, 0)

            await assertRPCError(.invalidArgument, containing: "return_code") {
                try await host.supervisor.returnDisbursement(.with { $0.idempotencyKey = freshKey("return"); $0.refundID = refund.id; $0.returnCode = "X9" })
            }
            let returned = try await host.supervisor.returnDisbursement(.with {
                $0.idempotencyKey = freshKey("return"); $0.refundID = refund.id; $0.returnCode = "R03"; $0.returnDate = "2025-03-20"; $0.reason = "no account"
            })
            XCTAssertEqual(returned.status, "voided")
            XCTAssertEqual(returned.decisionReason, "ACH return R03: no account")
            var ledger = try await host.ledger(jo.account)
            XCTAssertEqual(ledger.balanceCents, -4_321, "the credit is open again")
            XCTAssertEqual(ledger.creditCents, -4_321)
            XCTAssertEqual(ledger.entries.last?.kind, "reversal")
            let credits = try await host.collections.listCreditBalances(.with { $0.asOf = "2025-03-21" })
            XCTAssertTrue(credits.accounts.contains { $0.accountNumber == jo.account && $0.creditCents == -4_321 })

            let reissue = try await host.refunds.reissueRefund(host.decide(refund.id, reason: "customer gave a new account"))
            XCTAssertEqual(reissue.status, "submitted")
            XCTAssertEqual(reissue.amountCents, 4_321)
            XCTAssertEqual(reissue.reissueOf, refund.id)
            let originalStatus = try await host.refunds.getRefund(.with { $0.refundID = refund.id }).status
            XCTAssertEqual(originalStatus, "reissued")
            _ = try await host.clerk.approveRefund(host.decide(reissue.id))
            let next = try await host.batch(date: "2025-03-24")
            XCTAssertEqual(next.items.map(\.netCents), [4_321])
            _ = try await host.release(next.id)
            ledger = try await host.ledger(jo.account)
            XCTAssertEqual(ledger.entries.filter { $0.kind == "refund" }.map(\.amountCents), [4_321, 4_321])
            XCTAssertEqual(ledger.balanceCents, 0, "paid once net: one refund reversed, one standing")
        }
    }

    /// A check not cashed within the policy's 180 days is voided and its credit re-opened.
    func testAnUncashedCheckIsVoidedAfterTheDays() async throws {
        try await withRefundsHost { host in
            let kay = try await closedWithCredit(host, "Kay Orr", premise: "P-KAY", overpaid: 2_000)
            let refund = try await host.request("credit_balance", kay.account, date: "2025-03-10")
            _ = try await host.clerk.approveRefund(host.decide(refund.id))
            let batch = try await host.batch(date: "2025-03-14")
            XCTAssertEqual(batch.items.first?.method, "check")
            _ = try await host.release(batch.id)
            let early = try await host.supervisor.voidStaleChecks(.with { $0.idempotencyKey = freshKey("stale"); $0.asOf = "2025-09-09" })
            XCTAssertEqual(early.voidedRefundIds, [], "179 days after the check")
            let stale = try await host.supervisor.voidStaleChecks(.with { $0.idempotencyKey = freshKey("stale"); $0.asOf = "2025-09-10" })
            XCTAssertEqual(stale.voidedRefundIds, [refund.id])
            XCTAssertEqual(stale.voidedCents, 2_000)
            let reopened = try await host.ledger(kay.account).balanceCents
            XCTAssertEqual(reopened, -2_000)
        }
    }
}

/// Reads a NACHA file record by record, as a bank's parser would, and recomputes its counts,
/// totals, entry hash and blocking from the entry records themselves.
func checkNacha(_ file: String, entries expected: [(routing: String, account: String, code: String, cents: Int64)], batch: Settle_Refunds_V1_DisbursementBatch,
                file path: StaticString = #filePath, line: UInt = #line) throws {
    let records = file.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    XCTAssertTrue(records.allSatisfy { $0.count == 94 }, "every record is 94 characters", file: path, line: line)
    XCTAssertEqual(records.count % 10, 0, "blocked to 10 records", file: path, line: line)
    func field(_ record: String, _ from: Int, _ to: Int) -> String {
        let start = record.index(record.startIndex, offsetBy: from - 1), end = record.index(record.startIndex, offsetBy: to)
        return String(record[start..<end])
    }
    let types = records.map { $0.prefix(1) }
    let real = records.filter { !$0.allSatisfy { $0 == "9" } }
    XCTAssertEqual(real.map { String($0.prefix(1)) }, ["1", "5"] + Array(repeating: "6", count: expected.count) + ["8", "9"], file: path, line: line)
    XCTAssertEqual(types.count, records.count)
    let header = real[0]
    XCTAssertEqual(field(header, 34, 39), "A09410", "file id modifier, record size 094, blocking factor 10", file: path, line: line)
    let details = real.filter { $0.hasPrefix("6") }
    var hash: UInt64 = 0
    var total: Int64 = 0
    for (index, (detail, want)) in zip(details, expected).enumerated() {
        XCTAssertEqual(field(detail, 2, 3), want.code, file: path, line: line)
        XCTAssertEqual(field(detail, 4, 11) + field(detail, 12, 12), want.routing, file: path, line: line)
        XCTAssertEqual(field(detail, 13, 29).trimmingCharacters(in: .whitespaces), want.account, file: path, line: line)
        XCTAssertEqual(Int64(field(detail, 30, 39)), want.cents, file: path, line: line)
        XCTAssertEqual(field(detail, 40, 54).trimmingCharacters(in: .whitespaces), batch.items[index].refundID, file: path, line: line)
        XCTAssertEqual(field(detail, 80, 94), batch.items[index].paymentNumber, "trace number", file: path, line: line)
        hash += UInt64(field(detail, 4, 11)) ?? 0
        total += Int64(field(detail, 30, 39)) ?? 0
    }
    hash %= 10_000_000_000
    let control = try XCTUnwrap(real.first { $0.hasPrefix("8") })
    XCTAssertEqual(field(control, 2, 4), "220", file: path, line: line)
    XCTAssertEqual(Int(field(control, 5, 10)), details.count, file: path, line: line)
    XCTAssertEqual(UInt64(field(control, 11, 20)), hash, "batch entry hash", file: path, line: line)
    XCTAssertEqual(Int64(field(control, 21, 32)), 0, "no debits", file: path, line: line)
    XCTAssertEqual(Int64(field(control, 33, 44)), total, file: path, line: line)
    let fileControl = try XCTUnwrap(real.last)
    XCTAssertEqual(Int(field(fileControl, 2, 7)), 1, "batch count", file: path, line: line)
    XCTAssertEqual(Int(field(fileControl, 8, 13)), records.count / 10, "block count", file: path, line: line)
    XCTAssertEqual(Int(field(fileControl, 14, 21)), details.count, file: path, line: line)
    XCTAssertEqual(UInt64(field(fileControl, 22, 31)), hash, "file entry hash", file: path, line: line)
    XCTAssertEqual(Int64(field(fileControl, 44, 55)), total, file: path, line: line)
    XCTAssertEqual(batch.entryHash, hash, file: path, line: line)
    XCTAssertEqual(batch.achTotalCents, total, file: path, line: line)
}
