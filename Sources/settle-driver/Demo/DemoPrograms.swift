import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// The demo's special billing programs, enrolled through Programs before the billing run:
/// time of use for a few percent of residential customers (15-minute meters, moved from RES to
/// RES-TOU from the billed period's opening read), and a handful of register-meter customers
/// asking for it too, whom Programs refuses with the reason.
struct DemoPrograms: Sendable {
    let run: DemoRun

    /// Register-meter customers who ask for time of use (refused: no interval data).
    static let refusedAsks = 5

    /// Enrols; returns the enrolled agreements with their cycles.
    func runAll(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws -> [(agreement: UInt64, cycle: UInt32)] {
        let enrollees = plan.filter(\.touEnrollee)
        let asking = Array(plan.filter { $0.rateClass == "residential" && !$0.electric.isInterval && $0.plant == nil && !$0.solar }.prefix(Self.refusedAsks))
        let wanted = enrollees + asking
        let agreements = Dictionary(try await run.agreements(of: wanted.compactMap { numbers[$0.index] }, service: "electric").map { ($0.accountNumber, $0.id) },
                                    uniquingKeysWith: { first, _ in first })
        let programs = ProgramsV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        let calendar = run.calendar
        let progress = DemoProgress("time-of-use enrolments", total: wanted.count, quiet: run.quiet)
        let outcomes = try await Concurrently.map(wanted.count, inFlight: 8) { index -> (enrolled: Bool, refusal: String, agreement: UInt64, cycle: UInt32) in
            let account = wanted[index]
            defer { progress.advance() }
            guard let number = numbers[account.index], let agreement = agreements[number] else { return (false, "no electric agreement", 0, 0) }
            do {
                _ = try await programs.enroll(.with {
                    $0.idempotencyKey = "\(prefix)-tou-\(agreement)"
                    $0.kind = "tou"
                    $0.agreementID = agreement
                    $0.rateSchedule = "RES-TOU"
                    $0.effectiveFrom = calendar.readDate(cycle: account.cycle, back: 1)
                    $0.reason = "demo: the customer chose time of use"
                })
                return (true, "", agreement, account.cycle)
            } catch let error as RPCError where error.code == .failedPrecondition {
                // "enrolment refused: capability: meter E… is a register meter …" → its kind and subject.
                let reason = error.message.replacingOccurrences(of: "enrolment refused: ", with: "")
                let kind = reason.split(separator: ":").first.map(String.init) ?? reason
                let what = reason.contains("register meter") ? "register meter" : reason.contains("already in tou") ? "already enrolled" : "other"
                return (false, "\(kind): \(what)", agreement, account.cycle)
            }
        }
        progress.finish()
        let enrolled = outcomes.filter(\.enrolled).count
        var refused: [String: Int] = [:]
        for outcome in outcomes where !outcome.enrolled { refused[outcome.refusal, default: 0] += 1 }
        let residential = plan.filter { $0.rateClass == "residential" }.count
        summary.programs.append(("tou enrolled (RES → RES-TOU)", "\(DemoFormat.count(enrolled)) of \(DemoFormat.count(residential)) residential"))
        for (reason, count) in refused.sorted(by: { $0.key < $1.key }) {
            summary.programs.append(("tou refused, " + reason, DemoFormat.count(count)))
        }
        return outcomes.filter(\.enrolled).map { ($0.agreement, $0.cycle) }
    }

}

extension DemoRun {
    /// The active agreements of a service of these accounts, 2,000 accounts a request.
    func agreements(of accounts: [String], service: String) async throws -> [Settle_Accounts_V1_ServiceAgreement] {
        var found: [Settle_Accounts_V1_ServiceAgreement] = []
        for start in stride(from: 0, to: accounts.count, by: 2_000) {
            var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
            request.accountNumbers = Array(accounts[start..<min(start + 2_000, accounts.count)])
            request.serviceType = service
            request.pageSize = 10_000
            while true {
                let page = try await accountsClient.listServiceAgreements(request)
                found += page.agreements.filter { $0.status == "active" }
                guard !page.nextPageToken.isEmpty else { break }
                request.pageToken = page.nextPageToken
            }
        }
        return found
    }
}
