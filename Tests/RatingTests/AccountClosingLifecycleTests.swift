import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import XCTest

/// The lifecycle's Collections side, over the socket with the real modules: move-out → final
/// read → final bill → the deposit held (with its interest to the bill date) applied to it →
/// the account closed in Accounts when its balance is zero or a credit, and a credit left on it
/// listed for refund. Cycle 5 reads on 2024-04-05; RES-1 is 10.00 a month + 0.10 / kWh.
final class AccountClosingLifecycleTests: XCTestCase {
    func testADepositLargerThanTheFinalBillClosesTheAccountWithACreditListedForRefund() async throws {
        try await withLifecycleHost { host in
            try await host.residentialTariff()
            let a = try await host.moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-03-15", installRead: 1_000)
            // A 50.00 deposit billed on move-in and paid on 2024-03-20.
            var deposit = Settle_Collections_V1_PostEntryRequest()
            deposit.idempotencyKey = freshKey("deposit")
            deposit.accountNumber = a.account
            deposit.kind = "deposit_billed"
            deposit.amountCents = 5_000
            deposit.entryDate = "2024-03-15"
            _ = try await host.collections.postEntry(deposit)
            try await host.postPayment(5_000, to: a.account, on: "2024-03-20", reference: "DEP-1")

            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-04-05,1300,actual
                """)
            try await host.runVee("2024-04")
            _ = try await host.runBilling("2024-04", billDate: "2024-04-08")
            try await host.postPayment(3_700, to: a.account, on: "2024-04-20", reference: "APR-1")

            try await host.moveOut(a.account, on: "2024-04-25")
            try await host.importReads("""
                meter,read_at,value,kind
                EA,2024-04-25,1500,final
                """)
            // The final bill 26.67 (2024-04-29): the 50.00 deposit held and its interest
            // are applied; 23.33 plus the interest is left as a credit and the account closes.
            let final = try await host.billFinal(a.agreement, billDate: "2024-04-29")
            XCTAssertEqual(final.bill.rated.totalCents, 2_667)
            let ledger = try await host.ledger(a.account)
            let applied = ledger.entries.filter { $0.kind == "deposit_applied" }
            XCTAssertEqual(applied.map(\.amountCents), [-5_000])
            XCTAssertEqual(applied.first?.entryDate, "2024-04-29")
            // 2 % a year on 50.00 held from 2024-03-15 to 2024-04-29 (45 days): 0.1233 → 0.12.
            XCTAssertEqual(ledger.entries.filter { $0.kind == "deposit_interest" }.map(\.amountCents), [-12])
            XCTAssertEqual(ledger.balanceCents, 2_667 - 5_000 - 12)
            var get = Settle_Accounts_V1_GetAccountRequest()
            get.accountNumber = a.account
            let account = try await host.accounts.getAccount(get).account
            XCTAssertEqual(account.status, "closed")

            var credits = Settle_Collections_V1_ListCreditBalancesRequest()
            credits.asOf = "2024-04-30"
            let listed = try await host.collections.listCreditBalances(credits)
            XCTAssertEqual(listed.accounts.map(\.accountNumber), [a.account])
            XCTAssertEqual(listed.accounts.first?.creditCents, ledger.balanceCents)
            XCTAssertEqual(listed.accounts.first?.finalBillID, final.bill.id)
        }
    }
}
