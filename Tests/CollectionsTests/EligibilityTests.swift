import Foundation
import SwiftProtobuf
@testable import SettleCollections
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The disconnection decision: a baseline account that is eligible, then each rule flipping
/// the decision on its own.
///
/// Baseline: one 200.00 bill due Saturday 2025-02-01; past-due notice on 2025-02-06 (five days
/// after), disconnect notice on 2025-02-13 (seven days later) giving 2025-02-23; the decision
/// is taken on Tuesday 2025-02-25 with mild weather at the premise's zone.
final class EligibilityTests: XCTestCase {
    static let decisionDay = "2025-02-25"

    /// Builds the baseline on a fresh host, lets `change` alter one thing, and decides.
    func decide(
        on day: String = decisionDay,
        before change: (CollectionsHost, ServedCustomer) async throws -> Void = { _, _ in }
    ) async throws -> Settle_Collections_V1_EligibilityDecision {
        var decision = Settle_Collections_V1_EligibilityDecision()
        try await withCollectionsHost { host in
            let customer = try await host.servedCustomer()
            try await host.post([charge("B-1", account: customer.account, agreement: customer.agreementID, cents: 20_000, billDate: "2025-01-10", dueDate: "2025-02-01")])
            _ = try await host.importWeather(mildWeather())
            let pastDue = try await host.runNotices("2025-02-06")
            XCTAssertEqual(pastDue.pastDueNotices, 1)
            let disconnect = try await host.runNotices("2025-02-13")
            XCTAssertEqual(disconnect.disconnectNotices, 1)
            XCTAssertEqual(disconnect.notices.first?.disconnectDate, "2025-02-23")
            try await change(host, customer)
            let response = try await host.evaluate(day, account: customer.account)
            decision = try XCTUnwrap(response.decisions.first)
            // The decision is stored and can be shown later.
            var list = Settle_Collections_V1_ListEligibilityDecisionsRequest()
            list.accountNumber = customer.account
            let stored = try await host.client.listEligibilityDecisions(list)
            XCTAssertEqual(stored.decisions.first, decision)
        }
        return decision
    }

    func failing(_ decision: Settle_Collections_V1_EligibilityDecision) -> [String] {
        decision.rules.filter { !$0.passed }.map(\.rule)
    }

    func testTheBaselineIsEligibleWithEveryRuleExplained() async throws {
        let decision = try await decide()
        XCTAssertTrue(decision.eligible, "\(decision.rules)")
        XCTAssertEqual(decision.rules.map(\.rule), [
            "past_due_above_threshold", "notice_served_and_expired", "no_pending_dispute", "no_collection_hold",
            "no_arrangement_in_good_standing", "no_critical_care", "no_extreme_weather", "not_weekend_or_holiday",
            "no_bankruptcy_stay", "no_pending_pledge",
        ])
        XCTAssertEqual(decision.pastDueCents, 20_000)
        XCTAssertEqual(decision.collectiblePastDueCents, 20_000)
        XCTAssertTrue(decision.rules.allSatisfy { !$0.detail.isEmpty })
    }

    func testPastDueAtOrBelowTheThresholdIsNotEligible() async throws {
        let decision = try await decide { host, customer in
            try await host.pay(customer.account, 15_000, on: "2025-02-20")  // 50.00 left: not above 50.00
        }
        XCTAssertFalse(decision.eligible)
        XCTAssertEqual(failing(decision), ["past_due_above_threshold"])
    }

    func testBeforeTheDisconnectDateIsNotEligible() async throws {
        let decision = try await decide(on: "2025-02-20")  // a Thursday, three days before the date
        XCTAssertFalse(decision.eligible)
        XCTAssertEqual(failing(decision), ["notice_served_and_expired"])
    }

    func testAPendingDisputeStopsDisconnectionForTheDisputedAmount() async throws {
        let decision = try await decide { host, customer in
            try await host.openDispute(customer.account, cents: 15_001, on: "2025-02-20", description: "meter misread")
        }
        XCTAssertEqual(failing(decision), ["no_pending_dispute"])
        XCTAssertEqual(decision.collectiblePastDueCents, 4_999)

        // A smaller dispute leaves enough past due: still eligible.
        let small = try await decide { host, customer in
            try await host.openDispute(customer.account, cents: 1_000, on: "2025-02-20", description: "")
        }
        XCTAssertTrue(small.eligible, "\(small.rules)")
        XCTAssertEqual(small.collectiblePastDueCents, 19_000)
    }

    func testACollectionHoldStopsDisconnectionUntilItExpires() async throws {
        func hold(expiring expiry: String) async throws -> Settle_Collections_V1_EligibilityDecision {
            try await decide { host, customer in
                try await host.placeHold(customer.account, cents: 20_000, reason: "billing review", from: "2025-02-20", through: expiry)
            }
        }
        let held = try await hold(expiring: "2025-02-25")
        XCTAssertEqual(failing(held), ["no_collection_hold"])
        let expired = try await hold(expiring: "2025-02-24")
        XCTAssertTrue(expired.eligible, "\(expired.rules)")
    }

    func testAnArrangementInGoodStandingIsNotEligibleAndABrokenOneNeedsANewNotice() async throws {
        let kept = try await decide { host, customer in
            let arrangement = try await host.arrange(customer.account, down: 2_000, start: "2025-02-24", installments: 6)
            XCTAssertEqual(arrangement.totalCents, 20_000)
            XCTAssertEqual(arrangement.schedule.map(\.amountCents), [2_000, 3_000, 3_000, 3_000, 3_000, 3_000, 3_000])
            XCTAssertEqual(arrangement.schedule.last?.dueDate, "2025-08-24")
            try await host.pay(customer.account, 2_000, on: "2025-02-24")
        }
        XCTAssertEqual(failing(kept), ["no_arrangement_in_good_standing"])

        let broken = try await decide { host, customer in
            let id = try await host.arrange(customer.account, down: 2_000, start: "2025-02-14", installments: 3).id
            let standing = try await host.arrangement(id, asOf: "2025-02-25")
            XCTAssertEqual(standing.status, "broken")
            XCTAssertEqual(standing.brokenOn, "2025-02-15")
        }
        XCTAssertEqual(failing(broken), ["notice_served_and_expired"])
        XCTAssertTrue(broken.rules[1].detail.contains("a new notice is needed"), broken.rules[1].detail)
    }

    func testACriticalCareCertificationInForceIsNotEligible() async throws {
        func certified(through expiry: String) async throws -> Settle_Collections_V1_EligibilityDecision {
            try await decide { host, customer in
                var request = Settle_Accounts_V1_AddCriticalCareCertificationRequest()
                request.idempotencyKey = freshKey("cc")
                request.customerID = customer.customerID
                request.certifiedBy = "Dr. A. Osei, Mercy Clinic"
                request.effectiveDate = "2025-01-15"
                request.expiryDate = expiry
                _ = try await host.accounts.addCriticalCareCertification(request)
            }
        }
        let inForce = try await certified(through: "2025-02-25")
        XCTAssertEqual(failing(inForce), ["no_critical_care"])
        let lapsed = try await certified(through: "2025-02-24")
        XCTAssertTrue(lapsed.eligible, "\(lapsed.rules)")
    }

    func testAForecastLowAtOrBelow32IsNotEligibleAndAbove32Is() async throws {
        func low(_ degrees: Int) async throws -> Settle_Collections_V1_EligibilityDecision {
            try await decide { host, _ in
                _ = try await host.importWeather("2025-02-25,north,\(degrees),no")
            }
        }
        let freezing = try await low(32)
        XCTAssertEqual(failing(freezing), ["no_extreme_weather"])
        XCTAssertTrue(freezing.rules[6].detail.contains("32 °F"), freezing.rules[6].detail)
        let belowFreezing = try await low(-3)
        XCTAssertEqual(failing(belowFreezing), ["no_extreme_weather"])
        let above = try await low(33)
        XCTAssertTrue(above.eligible, "\(above.rules)")
    }

    func testAHeatAdvisoryThatDayOrEitherOfTheTwoDaysBeforeIsNotEligible() async throws {
        for (day, eligible) in [("2025-02-25", false), ("2025-02-24", false), ("2025-02-23", false), ("2025-02-22", true)] {
            let decision = try await decide { host, _ in
                _ = try await host.importWeather("2025-02-\(day.suffix(2)),north,80,yes")
            }
            XCTAssertEqual(decision.eligible, eligible, "heat advisory on \(day): \(decision.rules)")
            if !eligible { XCTAssertEqual(failing(decision), ["no_extreme_weather"]) }
        }
    }

    func testNoForecastForTheDayIsNotEligible() async throws {
        let decision = try await decide(on: "2025-04-01")  // a Tuesday past the imported weather
        XCTAssertEqual(failing(decision), ["no_extreme_weather"])
        XCTAssertTrue(decision.rules[6].detail.contains("no forecast"))
    }

    func testWeekendsHolidaysAndTheDaysBeforeThemAreNotEligible() async throws {
        let saturday = try await decide(on: "2025-03-01")
        XCTAssertEqual(failing(saturday), ["not_weekend_or_holiday"])
        let sunday = try await decide(on: "2025-03-02")
        XCTAssertEqual(failing(sunday), ["not_weekend_or_holiday"])
        let friday = try await decide(on: "2025-02-28")
        XCTAssertEqual(failing(friday), ["not_weekend_or_holiday"])
        XCTAssertTrue(friday.rules[7].detail.contains("the day before a weekend"))
        let monday = try await decide(on: "2025-02-24")
        XCTAssertTrue(monday.eligible, "\(monday.rules)")

        let holiday = try await decide { host, _ in try await host.setPolicy { $0.holidays = ["2025-02-25"] } }
        XCTAssertEqual(failing(holiday), ["not_weekend_or_holiday"])
        XCTAssertTrue(holiday.rules[7].detail.contains("is a holiday"))
        let dayBefore = try await decide { host, _ in try await host.setPolicy { $0.holidays = ["2025-02-26"] } }
        XCTAssertEqual(failing(dayBefore), ["not_weekend_or_holiday"])
        XCTAssertTrue(dayBefore.rules[7].detail.contains("the day before a holiday"))
    }

    func testABankruptcyStayProtectsPrePetitionDebt() async throws {
        let stayed = try await decide { host, customer in
            try await host.recordBankruptcy(customer.customerID, petition: "2025-02-20", caseNumber: "25-10001")
        }
        XCTAssertFalse(stayed.eligible)
        XCTAssertEqual(Set(failing(stayed)), ["no_bankruptcy_stay", "notice_served_and_expired"])
        XCTAssertEqual(stayed.collectiblePastDueCents, 0)

        // A case dismissed before the day no longer stays anything.
        let dismissed = try await decide { host, customer in
            let id = try await host.recordBankruptcy(customer.customerID, petition: "2025-02-20", caseNumber: "25-10002", chapter: 7, court: "")
            try await host.resolveBankruptcy(customer.customerID, caseID: id, outcome: "dismissed", on: "2025-02-24")
        }
        XCTAssertTrue(dismissed.eligible, "\(dismissed.rules)")
    }

    func testAPendingEnergyAssistancePledgeIsNotEligible() async throws {
        let pledged = try await decide { host, customer in
            _ = try await self.pledge(host, customer.account, cents: 15_000, on: "2025-02-24")
        }
        XCTAssertEqual(failing(pledged), ["no_pending_pledge"])
    }

    // MARK: pledges resolved

    func decision(_ host: CollectionsHost, _ day: String, _ account: String) async throws -> Settle_Collections_V1_EligibilityDecision {
        let response = try await host.evaluate(day, account: account)
        return try XCTUnwrap(response.decisions.first)
    }

    func pledge(
        _ host: CollectionsHost, _ account: String, cents: Int64 = 10_000, on date: String = "2025-02-20", expiry: String = "2025-03-10"
    ) async throws -> Settle_Collections_V1_Pledge {
        var request = Settle_Collections_V1_RecordPledgeRequest()
        request.idempotencyKey = freshKey("pledge")
        request.accountNumber = account
        request.agency = "LIHEAP Sangamon County"
        request.amountCents = cents
        request.pledgedDate = date
        request.expiryDate = expiry
        return try await host.client.recordPledge(request).pledge
    }

    func resolve(
        _ host: CollectionsHost, _ id: UInt64, _ outcome: String, on date: String = "", payment: String = "", key: String = freshKey("resolve")
    ) async throws -> Settle_Collections_V1_Pledge {
        var request = Settle_Collections_V1_ResolvePledgeRequest()
        request.idempotencyKey = key
        request.pledgeID = id
        request.outcome = outcome
        request.resolvedDate = date
        request.paymentReference = payment
        request.note = "agency call"
        return try await host.client.resolvePledge(request).pledge
    }

    func testAPledgeMarkedPaidWithTheAgencysPaymentNoLongerStopsDisconnection() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let pledge = try await pledge(host, customer.account)
            XCTAssertEqual(pledge.status, "pending")
            let pending = try await decision(host, "2025-02-24", customer.account)
            XCTAssertEqual(failing(pending), ["no_pending_pledge"])

            try await host.pay(customer.account, 10_000, on: "2025-02-24", reference: "LIHEAP-7781")
            let key = freshKey("paid")
            let paid = try await resolve(host, pledge.id, "paid", payment: "LIHEAP-7781", key: key)
            XCTAssertEqual(paid.status, "paid")
            XCTAssertEqual(paid.resolvedDate, "2025-02-24", "the payment's date")
            XCTAssertEqual(paid.paymentReference, "LIHEAP-7781")
            let retried = try await resolve(host, pledge.id, "paid", payment: "LIHEAP-7781", key: key)
            XCTAssertEqual(retried, paid)
            await assertRPCError(.failedPrecondition, containing: "pledge \(pledge.id) was already marked paid on 2025-02-24") {
                try await self.resolve(host, pledge.id, "expired")
            }

            let decided = try await decision(host, "2025-02-24", customer.account)
            XCTAssertTrue(decided.eligible, "\(decided.rules)")
            XCTAssertEqual(decided.pastDueCents, 10_000)
            XCTAssertEqual(decided.rules.last?.detail, "no energy-assistance pledge pending")
            let listed = try await host.client.listPledges(.with { $0.accountNumber = customer.account })
            XCTAssertEqual(listed.pledges, [paid])
            let audit = try await host.store().auditRecords(entity: "pledge/\(pledge.id)")
            XCTAssertEqual(audit.count, 2)
            XCTAssertTrue(audit.contains { $0.after.contains(#""status":"paid","resolved":"2025-02-24","payment_reference":"LIHEAP-7781""#) }, "\(audit.map(\.after))")
        }
    }

    func testAPledgeMarkedExpiredStopsDisconnectionUntilThatDayAndALapsedOneAfterItsExpiry() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let pledge = try await pledge(host, customer.account)
            let expired = try await resolve(host, pledge.id, "expired", on: "2025-02-25")
            XCTAssertEqual(expired.status, "expired")
            XCTAssertEqual(expired.resolvedDate, "2025-02-25")
            let dayBefore = try await decision(host, "2025-02-24", customer.account)
            XCTAssertEqual(failing(dayBefore), ["no_pending_pledge"])
            let thatDay = try await decision(host, "2025-02-25", customer.account)
            XCTAssertTrue(thatDay.eligible, "\(thatDay.rules)")

            // Never resolved: pending through its expiry date, not after.
            let lapsing = try await self.pledge(host, customer.account, expiry: "2025-03-10")
            XCTAssertEqual(lapsing.status, "pending")
            let through = try await decision(host, "2025-03-10", customer.account)
            XCTAssertEqual(failing(through), ["no_pending_pledge"])
            let after = try await decision(host, "2025-03-11", customer.account)
            XCTAssertTrue(after.eligible, "\(after.rules)")
        }
    }

    func testResolvingAPledgeRefusesWhatDoesNotFitNamingTheField() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let other = try await host.servedCustomer("Kofi Mensah")
            try await host.post([charge("B-9", account: other.account, agreement: other.agreementID, cents: 5_000, billDate: "2025-01-10", dueDate: "2025-02-01")])
            let pledge = try await pledge(host, customer.account)
            try await host.pay(other.account, 5_000, on: "2025-02-22", reference: "OTHER-1")
            try await host.pay(customer.account, 10_000, on: "2025-02-22", reference: "BOUNCED-1")
            try await host.returnPayment("BOUNCED-1", on: "2025-02-24")
            try await host.pay(customer.account, 10_000, on: "2025-02-23", reference: "LIHEAP-1")

            await assertRPCError(.invalidArgument, containing: "outcome: 'cancelled' is not paid or expired") { try await self.resolve(host, pledge.id, "cancelled") }
            await assertRPCError(.invalidArgument, containing: "outcome (paid or expired) is required") { try await self.resolve(host, pledge.id, "") }
            await assertRPCError(.invalidArgument, containing: "pledge_id is required") { try await self.resolve(host, 0, "paid") }
            await assertRPCError(.notFound, containing: "no pledge 999") { try await self.resolve(host, 999, "paid") }
            await assertRPCError(.invalidArgument, containing: "payment_reference: only a paid pledge names a payment") {
                try await self.resolve(host, pledge.id, "expired", payment: "LIHEAP-1")
            }
            await assertRPCError(.notFound, containing: "payment_reference: no payment 'NOPE' is posted") {
                try await self.resolve(host, pledge.id, "paid", payment: "NOPE")
            }
            await assertRPCError(.invalidArgument, containing: "payment 'OTHER-1' was posted to account \(other.account), not to the pledge's account \(customer.account)") {
                try await self.resolve(host, pledge.id, "paid", payment: "OTHER-1")
            }
            await assertRPCError(.failedPrecondition, containing: "payment 'BOUNCED-1' was returned on 2025-02-24") {
                try await self.resolve(host, pledge.id, "paid", payment: "BOUNCED-1")
            }
            await assertRPCError(.invalidArgument, containing: "resolved_date: 2025-02-22 is before the payment's date 2025-02-23") {
                try await self.resolve(host, pledge.id, "paid", on: "2025-02-22", payment: "LIHEAP-1")
            }
            await assertRPCError(.invalidArgument, containing: "resolved_date: 2025-02-19 is before the pledge was made (2025-02-20)") {
                try await self.resolve(host, pledge.id, "expired", on: "2025-02-19")
            }
            await assertRPCError(.invalidArgument, containing: "resolved_date: '2025-02-30' is not a date") {
                try await self.resolve(host, pledge.id, "expired", on: "2025-02-30")
            }
            // Nothing above changed the pledge.
            let listed = try await host.client.listPledges(.with { $0.accountNumber = customer.account })
            XCTAssertEqual(listed.pledges.map(\.status), ["pending"])
            let paid = try await resolve(host, pledge.id, "paid", on: "2025-02-24", payment: "LIHEAP-1")
            XCTAssertEqual(paid.resolvedDate, "2025-02-24")
        }
    }

    func testADisconnectionRecordedOnADecisionMustBeThatAccountsAndIsRecordedOnce() async throws {
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let other = try await host.servedCustomer("Kofi Mensah")
            let decided = try await decision(host, "2025-02-25", customer.account)
            XCTAssertTrue(decided.eligible, "\(decided.rules)")
            var request = Settle_Collections_V1_RecordDisconnectionRequest()
            request.idempotencyKey = freshKey("disconnect")
            request.accountNumber = other.account
            request.date = "2025-02-25"
            request.decisionID = decided.id
            await assertRPCError(.invalidArgument, containing: "decision_id: decision \(decided.id) is account \(customer.account)'s, not \(other.account)'s") {
                try await host.client.recordDisconnection(request)
            }
            request.accountNumber = customer.account
            let recorded = try await host.client.recordDisconnection(request)
            let retried = try await host.client.recordDisconnection(request)
            XCTAssertEqual(retried.id, recorded.id, "a retry records nothing more")
            let audit = try await host.store().auditRecords(entity: "disconnection/\(recorded.id)")
            XCTAssertEqual(audit.count, 1)
        }
    }
}
