import Foundation
import SettleContracts
@testable import SettleReporting
import XCTest

/// The research timeline's days are the utility's, whatever the hour in UTC.
final class ResearchTimelineTests: XCTestCase {
    private let chicago = TimeZone(identifier: "America/Chicago")!

    private func sources(auditAt times: [String]) -> ResearchSources {
        var summary = Settle_Accounts_V1_GetAccountSummaryResponse()
        summary.recentActivity = times.enumerated().map { index, at in
            var record = Settle_Accounts_V1_ActivityRecord()
            record.sequence = UInt64(index + 1)
            record.at = at
            record.actor = "maker"
            record.method = "MoveIn"
            record.entity = "account:100001"
            return record
        }
        return ResearchSources(summary: summary, bills: [], reads: [], ledger: .init(), cases: .init(), enrolments: [])
    }

    func testAnAuditRecordWrittenAfterUTCMidnightIsOnTheUtilitysEveningBefore() {
        // 00:38 UTC on 7 December is 18:38 on 6 December in Chicago, the report's last day;
        // 06:00 UTC is already 7 December there, after it.
        let events = ResearchTimeline.events(sources(auditAt: ["2026-12-07T00:38:34.196Z", "2026-12-07T06:00:00.000Z"]),
                                             from: "2026-11-01", to: "2026-12-06", in: chicago)
        XCTAssertEqual(events.filter { $0.kind == "audit" }.map(\.date), ["2026-12-06"])
    }

    func testAnAuditRecordOnTheFirstLocalDayIsKeptAndTheUTCDayBeforeItIsNot() {
        // 04:59:59 UTC on 1 November is still 31 October in Chicago (CDT, UTC−5): before the report.
        let events = ResearchTimeline.events(sources(auditAt: ["2026-11-01T04:59:59Z", "2026-11-01T05:00:00Z"]),
                                             from: "2026-11-01", to: "2026-12-06", in: chicago)
        XCTAssertEqual(events.filter { $0.kind == "audit" }.map(\.date), ["2026-11-01"])
    }
}
