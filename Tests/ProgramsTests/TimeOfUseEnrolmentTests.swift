import Foundation
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Time-of-use enrolment on the real Accounts, Metering, Programs and Rating modules: the
/// meter's capability, the date it takes effect, the rate schedule moved through Accounts,
/// the minimum stay and a supervisor's override.
final class TimeOfUseEnrolmentTests: XCTestCase {
    func enrollTOU(_ client: ProgramsV1.Client, _ agreement: UInt64, from: String = "", override: Bool = false, key: String = freshKey("tou")) async throws -> Settle_Programs_V1_Enrolment {
        try await client.enroll(.with {
            $0.idempotencyKey = key
            $0.kind = "tou"
            $0.agreementID = agreement
            $0.rateSchedule = "LC-TOU"
            $0.effectiveFrom = from
            $0.overridePolicy = override
            $0.reason = "customer asked for time of use"
        })
    }

    /// Bolt's register meter ME has no interval data and no TOU registers: refused, naming it.
    func testTouEnrolmentIsRefusedForARegisterMeter() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let e = try XCTUnwrap(utility.agreements["PE"]), w = try XCTUnwrap(utility.agreements["PW"])
            let refused = await assertRPCError(.failedPrecondition) { try await self.enrollTOU(host.programs, e, from: "2024-05-10") }
            let message = refused?.message ?? ""
            XCTAssertTrue(message.hasPrefix("enrolment refused: capability: meter ME is a register meter without TOU registers: LC-TOU needs interval data at 15 minutes or finer"), message)
            // Water cannot be on time of use, and its meter is a register too: every reason at once.
            let water = await assertRPCError(.failedPrecondition) { try await self.enrollTOU(host.programs, w, from: "2024-05-10") }
            XCTAssertTrue(water?.message.contains("eligibility: agreement \(w) is water service; time of use prices electricity") ?? false, water?.message ?? "")
            XCTAssertTrue(water?.message.contains("capability: meter MW is a register meter") ?? false, water?.message ?? "")
            // Nothing changed in Accounts.
            let agreement = try await host.accounts.getServiceAgreement(.with { $0.agreementID = e }).agreement
            XCTAssertEqual(agreement.rateSchedule, "LC-1")
            XCTAssertEqual(agreement.rateScheduleFrom, "")
        }
    }

    /// Acme's MA gives 15-minute data: accepted, from the cycle's next scheduled read after
    /// today (the next period's opening read), with the schedule moved in Accounts; a retry
    /// with the same key answers the same enrolment.
    func testTouEnrolmentOfAnIntervalMeterTakesEffectAtTheNextBillingPeriod() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let a = try XCTUnwrap(utility.agreements["PA"])
            // Reads on the 28th of this month and the next two: the next one after today.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = host.runtime.configuration.timeZone
            let now = calendar.dateComponents([.year, .month, .day], from: Date())
            var reads: [String] = []
            for offset in 0..<3 {
                let month = (now.month! - 1 + offset) % 12 + 1, year = now.year! + (now.month! - 1 + offset) / 12
                let period = String(format: "%04d-%02d", year, month)
                reads.append(period + "-28")
                _ = try await host.metering.setReadSchedule(.with {
                    $0.idempotencyKey = freshKey("schedule")
                    $0.cycle = ProgramsUtility.cycle
                    $0.period = period
                    $0.readDate = period + "-28"
                })
            }
            let expected = now.day! < 28 ? reads[0] : reads[1]
            let key = freshKey("tou")
            let enrolment = try await enrollTOU(host.programs, a, key: key)
            XCTAssertEqual(enrolment.kind, "tou")
            XCTAssertEqual(enrolment.effectiveFrom, expected)
            XCTAssertEqual(enrolment.rateSchedule, "LC-TOU")
            XCTAssertEqual(enrolment.previousRateSchedule, "LC-1")
            XCTAssertEqual(enrolment.history.first?.detail, "rate schedule LC-1 → LC-TOU from \(expected)")
            let agreement = try await host.accounts.getServiceAgreement(.with { $0.agreementID = a }).agreement
            XCTAssertEqual(agreement.rateSchedule, "LC-TOU")
            XCTAssertEqual(agreement.previousRateSchedule, "LC-1")
            XCTAssertEqual(agreement.rateScheduleFrom, expected)
            let again = try await enrollTOU(host.programs, a, key: key)
            XCTAssertEqual(again, enrolment)
            // A second enrolment (another key) is refused as an overlap.
            let twice = await assertRPCError(.failedPrecondition) { try await self.enrollTOU(host.programs, a) }
            XCTAssertTrue(twice?.message.contains("policy: agreement \(a) already in tou enrolment \(enrolment.id)") ?? false, twice?.message ?? "")
        }
    }

    /// A period that opens before the change's first day still bills on the old schedule:
    /// Bolt's MC moves to LC-TOU from 2024-05-10, so the 04-10 to 05-10 period is billed on
    /// LC-1 ($50 + 865 kWh × $0.10 + 5.2 kW × $10 = $188.50). Acme's MA moved from 04-10, so
    /// its period is rated on LC-TOU, which Rating does not have: skipped, naming it.
    func testAPeriodOpeningBeforeTheChangeBillsOnThePreviousSchedule() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let a = try XCTUnwrap(utility.agreements["PA"]), c = try XCTUnwrap(utility.agreements["PC"])
            _ = try await enrollTOU(host.programs, c, from: "2024-05-10")
            _ = try await enrollTOU(host.programs, a, from: "2024-04-10")
            try await host.runBilling(period: "2024-05", billDate: "2024-05-13")
            let bills = try await host.rating.listBills(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" }).bills
            let bolt = try XCTUnwrap(bills.first { $0.agreementID == c })
            XCTAssertEqual(bolt.tariffCode, "LC-1")
            XCTAssertEqual(bolt.rated.totalCents, 18_850)
            XCTAssertNil(bills.first { $0.agreementID == a })
            let register = try await host.rating.getBillRegister(.with { $0.cycle = ProgramsUtility.cycle; $0.period = "2024-05" })
            let skip = register.skips.first { $0.agreementID == a }
            XCTAssertTrue(skip?.reason.contains("LC-TOU") ?? false, skip?.reason ?? "no skip")
        }
    }

    /// Leaving before 12 months is refused with the earliest end; a clerk cannot override; a
    /// supervisor can, with a reason, and the schedule goes back from the day after the end.
    func testLeavingBeforeTwelveMonthsIsRefusedUnlessASupervisorOverrides() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let a = try XCTUnwrap(utility.agreements["PA"])
            let enrolment = try await enrollTOU(host.programs, a, from: "2026-01-10")
            func end(_ client: ProgramsV1.Client, override: Bool) async throws -> Settle_Programs_V1_Enrolment {
                try await client.endEnrolment(.with {
                    $0.idempotencyKey = freshKey("end")
                    $0.enrolmentID = enrolment.id
                    $0.endDate = "2026-06-09"
                    $0.overridePolicy = override
                    $0.reason = "bills higher in summer"
                })
            }
            let refused = await assertRPCError(.failedPrecondition) { try await end(host.programs, override: false) }
            XCTAssertEqual(refused?.message, "enrolment refused: policy: enrolment \(enrolment.id) took effect 2026-01-10; the minimum stay is 12 months, so it may end on 2027-01-09 at the earliest unless a supervisor overrides")
            let clerk = ProgramsV1.Client(transport: host.runtime.inProcessTransport(as: PeerIdentity(uid: 1003, gid: 1003, pid: 4, role: .clerk)))
            let notAllowed = await assertRPCError(.permissionDenied) { try await end(clerk, override: true) }
            XCTAssertTrue(notAllowed?.message.hasPrefix("override_policy: only a supervisor") ?? false, notAllowed?.message ?? "")
            let supervisor = ProgramsV1.Client(transport: host.checker)
            let ended = try await end(supervisor, override: true)
            XCTAssertEqual(ended.status, "ended")
            XCTAssertEqual(ended.effectiveTo, "2026-06-09")
            XCTAssertEqual(ended.history.last?.detail, "rate schedule LC-TOU → LC-1 from 2026-06-10; minimum stay overridden by a supervisor")
            let agreement = try await host.accounts.getServiceAgreement(.with { $0.agreementID = a }).agreement
            XCTAssertEqual(agreement.rateSchedule, "LC-1")
            XCTAssertEqual(agreement.previousRateSchedule, "LC-TOU")
            XCTAssertEqual(agreement.rateScheduleFrom, "2026-06-10")
            // Enrolling again waits 12 months after the end, unless a supervisor overrides.
            let early = await assertRPCError(.failedPrecondition) { try await self.enrollTOU(host.programs, a, from: "2026-07-10") }
            XCTAssertTrue(early?.message.contains("policy: enrolment \(enrolment.id) ended 2026-06-09; enrolling again waits 12 months (from 2027-06-10)") ?? false, early?.message ?? "")
            let back = try await enrollTOU(supervisor, a, from: "2026-07-10", override: true)
            XCTAssertEqual(back.history.first?.detail, "rate schedule LC-1 → LC-TOU from 2026-07-10; re-enrolment wait overridden by a supervisor")
        }
    }

    /// The stay and the wait are the utility's policy: a supervisor sets them (audited, a
    /// clerk may not), values are checked by name, and the next end and enrolment use them.
    func testASupervisorSetsTheMinimumStayAndTheWaitAndTheRulesFollow() async throws {
        try await withProgramsHost { host in
            var utility = ProgramsUtility(host: host)
            try await utility.load()
            let a = try XCTUnwrap(utility.agreements["PA"])
            let defaults = try await host.programs.getTimeOfUsePolicy(.init())
            XCTAssertEqual(defaults.minimumStayMonths, 12)
            XCTAssertEqual(defaults.reEnrolWaitMonths, 12)
            let supervisor = ProgramsV1.Client(transport: host.checker)
            let clerk = ProgramsV1.Client(transport: host.runtime.inProcessTransport(as: PeerIdentity(uid: 1003, gid: 1003, pid: 4, role: .clerk)))
            func set(_ client: ProgramsV1.Client, stay: UInt32?, wait: UInt32?, reason: String = "council ordinance 2026-14") async throws -> Settle_Programs_V1_TimeOfUsePolicy {
                try await client.setTimeOfUsePolicy(.with {
                    $0.idempotencyKey = freshKey("tou-policy")
                    if let stay { $0.policy.minimumStayMonths = stay }
                    if let wait { $0.policy.reEnrolWaitMonths = wait }
                    $0.reason = reason
                })
            }
            await assertRPCError(.permissionDenied) { try await set(clerk, stay: 6, wait: nil) }
            let tooLong = await assertRPCError(.invalidArgument) { try await set(supervisor, stay: 61, wait: nil) }
            XCTAssertEqual(tooLong?.message, "policy.minimum_stay_months: 61 months; at most 60")
            let nothing = await assertRPCError(.invalidArgument) { try await set(supervisor, stay: nil, wait: nil) }
            XCTAssertEqual(nothing?.message, "policy: set minimum_stay_months, re_enrol_wait_months or both")
            let noReason = await assertRPCError(.invalidArgument) { try await set(supervisor, stay: 6, wait: nil, reason: "") }
            XCTAssertEqual(noReason?.message, "reason: a policy change needs a reason")
            let six = try await set(supervisor, stay: 6, wait: nil)
            XCTAssertEqual(six.minimumStayMonths, 6)
            XCTAssertEqual(six.reEnrolWaitMonths, 12, "a field not given keeps its value")
            let three = try await set(supervisor, stay: nil, wait: 3)
            XCTAssertEqual(three.minimumStayMonths, 6)
            XCTAssertEqual(three.reEnrolWaitMonths, 3)
            let store = try host.runtime.store(of: "programs")
            let audit = try await store.auditRecords(entity: "policy/tou")
            XCTAssertEqual(audit.count, 2)
            XCTAssertEqual(audit.last?.reason, "council ordinance 2026-14")

            // A stay of 6 months: ending after 5 is refused with the new earliest end, after 6 allowed.
            let enrolment = try await enrollTOU(host.programs, a, from: "2026-01-10")
            func end(_ date: String) async throws -> Settle_Programs_V1_Enrolment {
                try await host.programs.endEnrolment(.with { $0.idempotencyKey = freshKey("end"); $0.enrolmentID = enrolment.id; $0.endDate = date; $0.reason = "customer asked" })
            }
            let early = await assertRPCError(.failedPrecondition) { try await end("2026-06-08") }
            XCTAssertEqual(early?.message, "enrolment refused: policy: enrolment \(enrolment.id) took effect 2026-01-10; the minimum stay is 6 months, so it may end on 2026-07-09 at the earliest unless a supervisor overrides")
            _ = try await end("2026-07-09")
            // A wait of 3 months: enrolling again within it is refused, after it allowed.
            let soon = await assertRPCError(.failedPrecondition) { try await self.enrollTOU(host.programs, a, from: "2026-09-10") }
            XCTAssertTrue(soon?.message.contains("enrolling again waits 3 months (from 2026-10-10)") ?? false, soon?.message ?? "")
            let again = try await enrollTOU(host.programs, a, from: "2026-10-10")
            XCTAssertEqual(again.status, "active")
        }
    }
}
