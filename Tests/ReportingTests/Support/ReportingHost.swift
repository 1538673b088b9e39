import SettleAccounts
import Foundation
import SettleMetering
import SettlePrograms
import SettleRating
import SettleReporting
import SettleClient
import SettleCollections
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// The reporting tests' host: every real module the reports read — Accounts, Metering,
/// Collections, Programs, Rating — and Reporting, serving the socket the tests talk to, as
/// `settle` does.
typealias ReportingHost = UtilityHost

func withReportingHost(_ body: (ReportingHost) async throws -> Void) async throws {
    try await withHost(try await UtilityHost.start(
        modules: [AccountsModule.self, MeteringModule.self, CollectionsModule.self, ProgramsModule.self, RatingModule.self, ReportingModule.self],
        agent: "reporting-tests", prefix: "rp"), body)
}
