import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// The demo's solar customers (RES-SOLAR, a 15-minute meter with a received channel) enrolled
/// in Programs' solar program before the billing run, alternately on net metering (SAM 0, a
/// kWh bank, true-up in December at 0.03 $/kWh) and net billing (SAM 2); after the run, what
/// their bills did with the bank and the credits, from the bills' solar statements.
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
                $0.effectiveFrom = calendar.readDate(cycle: account.cycle, back: 1)
                $0.solar = .with { $0.metering = metering; $0.trueUpMonth = 12; $0.yearendSellRate = "0.03" }
                $0.reason = "demo: interconnection approved"
            })
            return (agreement, account.cycle, metering)
        }.compactMap { $0 }
        let metered = outcomes.filter { $0.metering == "net_metering" }.count
        summary.programs.append(("solar enrolled", "\(DemoFormat.count(outcomes.count)): \(DemoFormat.count(metered)) net metering, \(DemoFormat.count(outcomes.count - metered)) net billing"))
        return outcomes
    }

    /// The bank and credits on the enrolled agreements' bills of the billed period.
    func summarize(_ enrolled: [(agreement: UInt64, cycle: UInt32, metering: String)], summary: inout DemoSummary) async throws {
        guard !enrolled.isEmpty else { return }
        let rating = RatingV1.Client(transport: run.connection)
        let period = run.calendar.billedPeriod
        let bills = try await Concurrently.map(enrolled.count, inFlight: 16) { index -> Settle_Rating_V1_Bill? in
            try? await rating.getBill(.with { $0.billID = DemoProgramEffects.billID(period: period, cycle: enrolled[index].cycle, agreement: enrolled[index].agreement) })
        }.compactMap { $0 }.filter(\.rated.hasSolar)
        let metered = bills.filter { $0.rated.solar.metering == "net_metering" }
        let banks = metered.flatMap(\.rated.solar.banks)
        func kwh(_ mwh: Int64) -> String { DemoFormat.count(Int(mwh / 1_000_000)) }
        let netted = metered.reduce(Int64(0)) { $0 + min($1.input.receivedWh, $1.input.deliveredWh) } * 1_000
        summary.programs.append(("solar net metering bank (kWh)", "\(DemoFormat.count(metered.count)) bills: \(kwh(netted)) received netted against delivered; bank start \(kwh(banks.reduce(0) { $0 + $1.startMwh })), added \(kwh(banks.reduce(0) { $0 + $1.addedMwh })), used \(kwh(banks.reduce(0) { $0 + $1.appliedMwh })), end \(kwh(banks.reduce(0) { $0 + $1.endMwh }))"))
        let billing = bills.filter { $0.rated.solar.metering == "net_billing" }
        let credits = billing.flatMap(\.rated.lines).filter { $0.component == "export_credit" }.reduce(Int64(0)) { $0 + $1.amountCents }
        let limited = billing.filter { $0.rated.solar.limitedCents > 0 }
        summary.programs.append(("solar net billing credits", "\(DemoFormat.count(billing.count)) bills: \(DemoFormat.dollars(cents: -credits)) credited, \(DemoFormat.count(limited.count)) stopped at the non-bypassable charges"))
    }
}
