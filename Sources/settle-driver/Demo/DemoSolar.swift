import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The demo's solar customers (RES-SOLAR, a 15-minute meter with a received channel) enrolled
/// in Programs' solar program before the billing run, alternately on net metering (SAM 0, a
/// kWh bank, true-up in the billed month at 0.03 $/kWh) and net billing (SAM 2), from the opening read
/// of the programs' first month (they read on the programs' cycle, billed for a year before the
/// billed month); after the runs, what their bills did with the bank and the credits month by
/// month, from the bills' solar statements.
struct DemoSolar: Sendable {
    let run: DemoRun

    /// Enrols from the billed period's opening read; returns the enrolled agreements.
    func enrol(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws -> [(agreement: UInt64, cycle: UInt32, metering: String)] {
        let solar = plan.filter(\.solar)
        guard !solar.isEmpty else { return [] }
        let agreements = Dictionary(try await run.agreements(of: solar.compactMap { numbers[$0.index] }, service: "electric").map { ($0.accountNumber, $0.id) },
                                    uniquingKeysWith: { first, _ in first })
        let programs = ProgramsV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        let calendar = run.calendar
        let outcomes = try await Concurrently.map(solar.count, inFlight: 8) { index -> (agreement: UInt64, cycle: UInt32, metering: String)? in
            let account = solar[index]
            guard let number = numbers[account.index], let agreement = agreements[number] else { return nil }
            let metering = index % 2 == 0 ? "net_metering" : "net_billing"
            _ = try await programs.enroll(.with {
                $0.idempotencyKey = "\(prefix)-solar-\(agreement)"
                $0.kind = "solar"
                $0.agreementID = agreement
                $0.effectiveFrom = calendar.readDate(cycle: account.cycle, back: DemoCalendar.programMonths + 1)
                // The true-up in the billed month, so the year the demo bills ends with one.
                $0.solar = .with { $0.metering = metering; $0.trueUpMonth = UInt32(calendar.month); $0.yearendSellRate = "0.03" }
                $0.reason = "demo: interconnection approved"
            })
            return (agreement, account.cycle, metering)
        }.compactMap { $0 }
        let metered = outcomes.filter { $0.metering == "net_metering" }.count
        summary.programs.append(("solar enrolled", "\(DemoFormat.count(outcomes.count)): \(DemoFormat.count(metered)) net metering, \(DemoFormat.count(outcomes.count - metered)) net billing"))
        return outcomes
    }

    /// What the enrolled agreements' bills did with the bank and the credits, month by month
    /// from the first of the programs' months to the billed one, read back from Rating.
    func summarize(_ enrolled: [(agreement: UInt64, cycle: UInt32, metering: String)], summary: inout DemoSummary) async throws {
        guard !enrolled.isEmpty else { return }
        let bills = try await Self.bills(of: enrolled.map(\.agreement), run: run).filter(\.rated.hasSolar)
        let months = Set(bills.map(\.period)).count
        func kwh(_ mwh: Int64) -> String { DemoFormat.count(Int(mwh / 1_000_000)) }
        func total(_ bills: [Settle_Rating_V1_Bill], _ figure: (Settle_Rating_V1_SolarBank) -> Int64) -> Int64 {
            bills.reduce(Int64(0)) { sum, bill in sum + bill.rated.solar.banks.reduce(Int64(0)) { $0 + figure($1) } }
        }
        let metered = bills.filter { $0.rated.solar.metering == "net_metering" }
        let netted = metered.reduce(Int64(0)) { $0 + min($1.input.receivedWh, $1.input.deliveredWh) } * 1_000
        summary.programs.append(("solar net metering bills", "\(DemoFormat.count(metered.count)) over \(months) months: \(kwh(netted)) kWh received netted against delivered"))
        let banking = metered.filter { $0.rated.solar.banks.contains { $0.addedMwh > 0 } }
        summary.programs.append(("solar bank added (kWh)", "\(kwh(total(metered, \.addedMwh))) on \(DemoFormat.count(banking.count)) bills"))
        // A bill that starts with a bank and uses more than it sends draws on it.
        let drawing = metered.filter { $0.rated.solar.banks.contains { $0.appliedMwh > 0 } }
        summary.programs.append(("solar bank drawn (kWh)", "\(kwh(total(metered, \.appliedMwh))) on \(DemoFormat.count(drawing.count)) bills"))
        let trueUps = metered.filter { $0.rated.solar.trueUpCreditCents > 0 }
        let paid = trueUps.reduce(Int64(0)) { $0 + $1.rated.solar.trueUpCreditCents }
        let trueUpMonths = Set(trueUps.compactMap { LocalDate($0.input.periodEnd).map { YearMonth($0).description } }).sorted().joined(separator: ", ")
        summary.programs.append(("solar true-up payouts", "\(DemoFormat.count(trueUps.count)) bills: \(kwh(total(trueUps, \.paidOutMwh))) kWh paid \(DemoFormat.dollars(cents: paid)) at 0.03\(trueUpMonths.isEmpty ? "" : " (read in \(trueUpMonths))")"))
        let newest = Dictionary(metered.map { ($0.agreementID, $0) }, uniquingKeysWith: { first, last in last.period >= first.period ? last : first })
        summary.programs.append(("solar bank after the billed month (kWh)", kwh(total(Array(newest.values), \.endMwh))))
        let billing = bills.filter { $0.rated.solar.metering == "net_billing" }
        let credits = billing.flatMap(\.rated.lines).filter { $0.component == "export_credit" }.reduce(Int64(0)) { $0 + $1.amountCents }
        let limited = billing.filter { $0.rated.solar.limitedCents > 0 }
        summary.programs.append(("solar net billing credits", "\(DemoFormat.count(billing.count)) bills: \(DemoFormat.dollars(cents: -credits)) credited, \(DemoFormat.count(limited.count)) stopped at the non-bypassable charges"))
    }

    /// The agreements' bills that stand (not cancelled) from the first of the programs' months,
    /// asked of Rating a few agreements at a time (each has a bill a month).
    static func bills(of agreements: [UInt64], run: DemoRun) async throws -> [Settle_Rating_V1_Bill] {
        let rating = RatingV1.Client(transport: run.connection)
        let from = run.calendar.period(back: DemoCalendar.programMonths)
        let chunks = stride(from: 0, to: agreements.count, by: 50).map { Array(agreements[$0..<min($0 + 50, agreements.count)]) }
        return try await Concurrently.map(chunks.count, inFlight: 4) { index in
            try await rating.listBills(.with { $0.agreementIds = chunks[index]; $0.fromPeriod = from }).bills
        }.flatMap { $0 }.filter { $0.status != "cancelled" }
    }
}
