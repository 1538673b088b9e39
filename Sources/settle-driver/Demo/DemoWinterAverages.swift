import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The demo's wastewater winter averaging: every wastewater agreement is enrolled, and last
/// winter's water use (the periods closing in December, January and February) is recorded as
/// the billing runs of those months would have recorded it, from the same true use the reads
/// come from. Planted: short winters (a customer who moved in during December: two short
/// periods, so the class default applies) and leaks (January's use six times over, left out
/// by a supervisor's adjustment).
struct DemoWinterAverages: Sendable {
    let run: DemoRun

    /// How many of every hundred averaged agreements get each plant.
    static let shortWinterShare = 0.03
    static let leakShare = 0.01

    enum Plant: String, Sendable { case shortWinter = "short_winter", leak }

    struct Averaged: Sendable {
        let account: DemoAccount
        let agreement: Settle_Accounts_V1_ServiceAgreement
        let plant: Plant?
    }

    /// Enrols and records last winter; returns the averaged agreements with their cycles.
    func runAll(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws -> [(agreement: UInt64, cycle: UInt32)] {
        let calendar = run.calendar
        let byNumber = Dictionary(plan.compactMap { account in numbers[account.index].map { ($0, account) } }, uniquingKeysWith: { first, _ in first })
        let sewered = plan.filter { account in account.services.contains { $0.type == "wastewater" } }.compactMap { numbers[$0.index] }
        let agreements = try await run.agreements(of: sewered, service: "wastewater")
        let averaged: [Averaged] = agreements.compactMap { agreement in
            guard let account = byNumber[agreement.accountNumber] else { return nil }
            var random = DemoRandom(seed: run.utility.seed, index: account.index, salt: 8)
            let draw = random.unit()
            let plant: Plant? = draw < Self.leakShare ? .leak : draw < Self.leakShare + Self.shortWinterShare ? .shortWinter : nil
            return Averaged(account: account, agreement: agreement, plant: plant)
        }
        let programs = ProgramsV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        let progress = DemoProgress("winter averaging", total: averaged.count, quiet: run.quiet)
        try await Concurrently.run(averaged.count, inFlight: 16) { index in
            let item = averaged[index]
            _ = try await programs.enroll(.with {
                $0.idempotencyKey = "\(prefix)-ww-\(item.agreement.id)"
                $0.kind = "wastewater_average"
                $0.agreementID = item.agreement.id
                $0.effectiveFrom = item.agreement.startDate
                $0.reason = "demo: every wastewater agreement is winter averaged"
            })
            progress.advance()
        }
        // Last winter as the runs of December to February recorded it, 3,000 agreements a call.
        let usage = DemoUsage(utility: run.utility)
        let batches = stride(from: 0, to: averaged.count, by: 3_000).map { Array(averaged[$0..<min($0 + 3_000, averaged.count)]) }
        try await Concurrently.run(batches.count, inFlight: 2) { number in
            var request = Settle_Programs_V1_PrepareBillingRequest()
            request.idempotencyKey = "\(prefix)-winter-\(number)"
            request.agreements = batches[number].flatMap { Self.winter($0, calendar: calendar, usage: usage) }
            _ = try await programs.prepareBilling(request)
        }
        // A supervisor leaves each leak's January out.
        let leaks = averaged.filter { $0.plant == .leak }
        let year = Int32(calendar.month(back: 8).year)
        var adjusted = 0
        for leak in leaks {
            let january = calendar.readDate(cycle: leak.account.cycle, back: 9)
            do {
                _ = try await programs.adjustWastewaterAverage(.with {
                    $0.idempotencyKey = "\(prefix)-leak-\(leak.agreement.id)"
                    $0.agreementID = leak.agreement.id
                    $0.year = year
                    $0.excludePeriodEnds = [january]
                    $0.reason = "demo: leak repaired, January excluded"
                })
                adjusted += 1
            } catch let error as RPCError where error.code == .permissionDenied {
                summary.skipped.append("leak adjustments: \(error.message)")
                break
            }
        }
        progress.finish()
        let averages = try await programs.listWastewaterAverages(.with { $0.year = year }).averages
        var basis: [String: Int] = [:]
        for average in averages { basis[average.basis, default: 0] += 1 }
        summary.programs.append(("wastewater_average enrolled", DemoFormat.count(averaged.count)))
        summary.programs.append(("  \(year) averages by basis", basis.sorted { $0.key < $1.key }.map { "\($0.key) \(DemoFormat.count($0.value))" }.joined(separator: ", ")))
        summary.programs.append(("  planted short winters (class default)", DemoFormat.count(averaged.filter { $0.plant == .shortWinter }.count)))
        summary.programs.append(("  planted leaks (adjusted)", "\(DemoFormat.count(leaks.count)) (\(DemoFormat.count(adjusted)) adjusted)"))
        return averaged.map { ($0.agreement.id, $0.account.cycle) }
    }

    /// The three winter periods of one agreement (closing in December, January, February).
    static func winter(_ item: Averaged, calendar: DemoCalendar, usage: DemoUsage) -> [Settle_Programs_V1_BillingAgreement] {
        let cycle = item.account.cycle
        // Back 11 = the November read that opens December's period; back 8 = February's read.
        var bounds = (8...11).reversed().map { calendar.readDate(cycle: cycle, back: $0) }
        if item.plant == .shortWinter {
            // Moved in 12 days before December's read, and read again 16 days after it: two
            // short periods, then January's rest and February's.
            let december = calendar.dayNumber(bounds[1])
            bounds = [calendar.date(dayNumber: december - 12), bounds[1], calendar.date(dayNumber: december + 16), bounds[2], bounds[3]]
        }
        var periods: [Settle_Programs_V1_BillingAgreement] = []
        for index in 0..<(bounds.count - 1) {
            let from = calendar.dayNumber(bounds[index]), to = calendar.dayNumber(bounds[index + 1])
            guard to > from, from >= 0 else { continue }
            var gallons = 0.0
            for day in from..<to { gallons += usage.dailyUse(item.account, water: true, day: day) }
            if item.plant == .leak, index == 1 { gallons *= 6 }
            var entry = Settle_Programs_V1_BillingAgreement()
            entry.agreementID = item.agreement.id
            entry.accountNumber = item.agreement.accountNumber
            entry.rateClass = item.agreement.rateClass
            entry.serviceType = "wastewater"
            entry.periodStart = bounds[index]
            entry.periodEnd = bounds[index + 1]
            entry.gallonsThousandths = Int64(gallons.rounded())
            entry.billsWastewater = true
            periods.append(entry)
        }
        return periods
    }
}
