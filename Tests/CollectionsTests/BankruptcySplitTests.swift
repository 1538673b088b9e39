import Foundation
import SettleContracts
import XCTest

/// Rule 4: a bankruptcy petition (2025-03-16) splits debt by service period. B-1 (service
/// 2025-02-01 to 2025-03-01, 140.00) is pre-petition; B-2 (service 2025-03-01 to 2025-03-31,
/// 300.00) straddles it: 15 of its 30 days are before the petition, so 150.00 pre and 150.00
/// post. A 40.00 payment on 2025-04-10 pays post-petition debt only.
final class BankruptcySplitTests: XCTestCase {
    func testAStraddlingBillIsSplitByDaysAndOnlyPostPetitionPastDueAfterANewNoticeLeadsToDisconnection() async throws {
        try await withCollectionsHost { host in
            try await host.setPolicy { policy in
                policy.lateFeeBasisPoints = 500
                policy.lateFeeGraceDays = 0
            }
            let customer = try await host.servedCustomer()
            let account = customer.account
            try await host.post([serviceCharge("B-1", account: account, agreement: customer.agreementID, cents: 14_000,
                                               service: ("2025-02-01", "2025-03-01"), billDate: "2025-03-02", dueDate: "2025-03-12")])
            let caseID = try await host.recordBankruptcy(customer.customerID, petition: "2025-03-16")

            // Pre-petition debt under the stay: no notice, no late fee, with the reason given.
            let stayed = try await host.runNotices("2025-03-28")
            XCTAssertEqual(stayed.notices.count, 0)
            XCTAssertEqual(stayed.skipped.map(\.reason), ["bankruptcy_stay"])
            XCTAssertEqual(stayed.skipped.first?.pastDueCents, 14_000)
            XCTAssertEqual(stayed.skipped.first?.collectibleCents, 0)
            let awaited4 = try await host.assessLateFees("2025-03-28").fees
            XCTAssertEqual(awaited4, 0)

            try await host.post([serviceCharge("B-2", account: account, agreement: customer.agreementID, cents: 30_000,
                                               service: ("2025-03-01", "2025-03-31"), billDate: "2025-04-01", dueDate: "2025-04-21")])
            try await host.pay(account, 4_000, on: "2025-04-10")
            // The late fee is on B-2's post-petition 150.00 less the 40.00 paid: 5 % of 110.00.
            let fees = try await host.assessLateFees("2025-04-22")
            XCTAssertEqual(fees.fees, 1)
            XCTAssertEqual(fees.feeCents, 550)
            XCTAssertEqual(fees.entries.first?.billID, "B-2")

            let pastDue = try await host.runNotices("2025-04-26")
            XCTAssertEqual(pastDue.pastDueNotices, 1)
            XCTAssertEqual(pastDue.notices.first?.pastDueCents, 11_000)
            XCTAssertEqual(pastDue.notices.first?.oldestDueDate, "2025-04-21")
            let disconnect = try await host.runNotices("2025-05-03")
            XCTAssertEqual(disconnect.disconnectNotices, 1)
            XCTAssertEqual(disconnect.notices.first?.disconnectDate, "2025-05-13")

            _ = try await host.importWeather(mildWeather(from: "2025-05-10", through: "2025-05-31"))
            let awaited5 = try await host.evaluate("2025-05-14", account: account).decisions.first
            let decision = try XCTUnwrap(awaited5)
            XCTAssertTrue(decision.eligible, "\(decision.rules)")
            // 140.00 + 150.00 pre-petition stays out; 110.00 post-petition past due is collectible.
            XCTAssertEqual(decision.pastDueCents, 40_000)
            XCTAssertEqual(decision.collectiblePastDueCents, 11_000)
            let stayRule = try XCTUnwrap(decision.rules.first { $0.rule == "no_bankruptcy_stay" })
            XCTAssertTrue(stayRule.detail.contains("post-petition past due 110.00"), stayRule.detail)

            // Below the threshold once paid down to 50.00: not eligible, for the stay.
            try await host.pay(account, 6_000, on: "2025-05-14")
            let awaited6 = try await host.evaluate("2025-05-15", account: account).decisions.first
            let paidDown = try XCTUnwrap(awaited6)
            XCTAssertEqual(paidDown.collectiblePastDueCents, 5_000)
            XCTAssertEqual(paidDown.rules.filter { !$0.passed }.map(\.rule), ["no_bankruptcy_stay"])

            // Dismissal ends the stay: the whole past due counts again.
            try await host.resolveBankruptcy(customer.customerID, caseID: caseID, outcome: "dismissed", on: "2025-05-20")
            let awaited7 = try await host.evaluate("2025-05-21", account: account).decisions.first
            let dismissed = try XCTUnwrap(awaited7)
            let after = try XCTUnwrap(dismissed.rules.first { $0.rule == "no_bankruptcy_stay" })
            XCTAssertTrue(after.passed, after.detail)
            XCTAssertEqual(dismissed.collectiblePastDueCents, 34_000)
        }
    }

    func testAPrePetitionNoticeDoesNotCountUnderTheStay() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.servedCustomer()
            try await host.post([serviceCharge("B-1", account: customer.account, agreement: customer.agreementID, cents: 20_000,
                                               service: ("2025-03-01", "2025-03-31"), billDate: "2025-04-01", dueDate: "2025-04-21")])
            let awaited8 = try await host.runNotices("2025-04-26").pastDueNotices
            XCTAssertEqual(awaited8, 1)
            // Petition on 2025-03-31, the last day of the period: 30 of 30 days before it.
            try await host.recordBankruptcy(customer.customerID, petition: "2025-03-31")
            let run = try await host.runNotices("2025-05-03")
            XCTAssertEqual(run.disconnectNotices, 0)
            XCTAssertEqual(run.skipped.first?.reason, "bankruptcy_stay")
        }
    }
}
