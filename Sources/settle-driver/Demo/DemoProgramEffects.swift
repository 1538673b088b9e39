import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// What the programs did to the billed period, from the bills themselves: time of use's bills
/// beside RES (Rating's CompareTariffs, the same periods rated on the schedule they left), and
/// winter averaging's wastewater volumes beside the water used.
struct DemoProgramEffects: Sendable {
    let run: DemoRun

    /// Averaged agreements whose bills are read (a bounded sample on a large utility).
    static let wastewaterSample = 2_000

    func runAll(tou: [(agreement: UInt64, cycle: UInt32)], averaged: [(agreement: UInt64, cycle: UInt32)], summary: inout DemoSummary) async throws {
        let rating = RatingV1.Client(transport: run.connection)
        let period = run.calendar.billedPeriod
        // Time of use: each enrollee's bill as billed on RES-TOU beside RES.
        let comparisons = try await Concurrently.map(tou.count, inFlight: 8) { index in
            try await rating.compareTariffs(.with { $0.agreementID = tou[index].agreement; $0.candidateCode = "RES"; $0.months = 1 })
        }
        let onTou = comparisons.flatMap(\.bills).filter { $0.currentCode == "RES-TOU" && $0.problem.isEmpty }
        let touCents = onTou.reduce(Int64(0)) { $0 + $1.currentCents }, resCents = onTou.reduce(Int64(0)) { $0 + $1.candidateCents }
        summary.programs.append(("tou bills on RES-TOU", "\(DemoFormat.count(onTou.count)): \(DemoFormat.dollars(cents: touCents)), on RES \(DemoFormat.dollars(cents: resCents)) (\(DemoFormat.dollars(cents: touCents - resCents)))"))

        // Winter averaging: wastewater billed on the lesser of the water used and the average.
        let sample = Array(averaged.prefix(Self.wastewaterSample))
        let bills = try await Concurrently.map(sample.count, inFlight: 16) { index -> Settle_Rating_V1_Bill? in
            let id = Self.billID(period: period, cycle: sample[index].cycle, agreement: sample[index].agreement)
            return try? await rating.getBill(.with { $0.billID = id })
        }.compactMap { $0 }.filter { $0.input.hasWastewaterGallonsThousandths }
        let lower = bills.filter { $0.input.wastewaterGallonsThousandths < $0.input.gallonsThousandths }
        let used = bills.reduce(Int64(0)) { $0 + $1.input.gallonsThousandths }, billed = bills.reduce(Int64(0)) { $0 + $1.input.wastewaterGallonsThousandths }
        let sampled = averaged.count > sample.count ? " (of \(DemoFormat.count(sample.count)) sampled)" : ""
        summary.programs.append(("wastewater bills on the average", "\(DemoFormat.count(lower.count)) of \(DemoFormat.count(bills.count))\(sampled): \(DemoFormat.count(Int(billed / 1_000))) gallons billed of \(DemoFormat.count(Int(used / 1_000))) used"))
    }

    /// Rating's deterministic bill id, `B-<period>-C<cycle>-<agreement, 7 digits>`.
    static func billID(period: String, cycle: UInt32, agreement: UInt64) -> String {
        "B-\(period)-C\(String(format: "%02d", cycle))-\(String(format: "%07llu", agreement))"
    }
}
