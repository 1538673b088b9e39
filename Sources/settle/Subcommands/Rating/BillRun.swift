import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// `settle bill run --cycle N --period YYYY-MM`.
struct BillRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Bill every agreement of a cycle for a period; safe to repeat or resume after an interruption.",
        discussion: "Shows a progress bar on a terminal; --json prints the final progress object.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "Hold bills above this multiple of the 12-month average (default 3).") var highBillMultiple: String?
    @Option(name: .long, help: "Bill date YYYY-MM-DD (default today).") var billDate: String?
    @Option(name: .long, help: "Days from the bill date to the due date (default 21).") var dueDays: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_RunBillingRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.cycle = cycle
        request.period = period
        request.highBillMultiple = highBillMultiple ?? ""
        request.billDate = billDate ?? ""
        request.dueDays = dueDays ?? 0
        var options = mutation.callOptions(connection)
        options.timeout = .seconds(3_600)
        let json = connection.json
        let final = try await connection.withClient { client in
            var last = Settle_Rating_V1_BillingProgress()
            for try await progress in try await client.client(RatingV1.Client.self).runBilling(request, options: options) {
                last = progress
                if !json { Self.bar(progress) }
            }
            return last
        }
        if json { return try Output.message(final) }
        FileHandle.standardError.write(Data("\n".utf8))
        print("run \(final.runID): \(final.agreements) agreement(s) in cycle \(cycle) for \(period), bill date \(final.billDate), due \(final.dueDate)")
        Output.table(["BILLED", "HELD", "SKIPPED", "ALREADY BILLED", "FINAL BILLS", "POSTED", "ALREADY POSTED"], [[
            "\(final.billed)", "\(final.held)", "\(final.skipped)", "\(final.alreadyBilled)", "\(final.finalBills)", "\(final.posted)", "\(final.alreadyPosted)",
        ]])
        print("  `settle bill register --cycle \(cycle) --period \(period)` for the register, `settle bill list --cycle \(cycle) --period \(period) --status held` for holds")
    }

    /// A one-line bar on stderr, redrawn in place.
    static func bar(_ progress: Settle_Rating_V1_BillingProgress) {
        let total = max(Int(progress.agreements), 1)
        let done = min(Int(progress.processed), total)
        let width = 30
        let filled = done * width / total
        let line = "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(progress.agreements)  billed \(progress.billed)  held \(progress.held)  skipped \(progress.skipped)"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
