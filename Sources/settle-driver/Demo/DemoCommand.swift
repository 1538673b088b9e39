import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// `settle-driver demo`: builds a synthetic municipal utility on a live host and runs a
/// month of its work — VEE, billing, notices and disconnection eligibility — printing what
/// a billing supervisor would want to see at the end of the day.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a synthetic utility on a live host and run a month of its billing and collections work.",
        discussion: """
            Loads N accounts (residential, commercial, industrial, lighting; electric everywhere, \
            water, wastewater and solid waste on most premises), their meters and 13 months of \
            reads, with planted problems (rollovers, a wrong multiplier, zero use, use on a \
            vacant premise, spikes, missing reads), then runs VEE for every cycle and — when \
            the host serves them — program enrolments (time of use, wastewater winter \
            averaging with short winters and leaks, solar, budget billing), billing — the \
            cycle of the solar customers and budget plans for the 12 months before too, so \
            banks carry and true up and plans settle up — payments, notices and \
            disconnection eligibility. \
            Deterministic for a seed; running it again on the same data changes nothing.
            """)

    @Option(name: .long, help: "Accounts to create.") var accounts = 47_000
    @Option(name: .long, help: "Seed of the synthetic utility.") var seed: UInt64 = 1
    @Option(name: .long, help: "Host socket (default $SETTLE_SOCKET or ./data/settled.sock).") var socket: String?
    @Option(name: .long, help: "The month to bill, YYYY-MM.") var period = "2026-10"
    @Option(name: .long, help: "The utility's time zone.") var timeZone = "America/Chicago"
    @Flag(name: .long, help: "Print the summary as JSON on standard output.") var json = false

    func validate() throws {
        guard (20...1_000_000).contains(accounts) else { throw ValidationError("--accounts must be between 20 and 1,000,000") }
    }

    func run() async throws {
        let path = socket ?? ProcessInfo.processInfo.environment["SETTLE_SOCKET"] ?? "./data/settled.sock"
        guard let zone = TimeZone(identifier: timeZone) else { throw ValidationError("--time-zone '\(timeZone)' is not a known time zone") }
        let calendar = try DemoCalendar(period: period, timeZone: zone)
        let started = ContinuousClock.now
        let connection: SettleClient
        do {
            connection = try await SettleClient.connect(to: path, agent: "settle-driver demo", compressRequests: true)
        } catch {
            throw DriverError("no host answers at \(path) (\(error)); start one with `settled --data ./data` or pass --socket")
        }
        let loaded = try await HostV1.Client(transport: connection).listModules(.init()).modules.map(\.name)
        let utility = DemoUtility(seed: seed, accountCount: accounts, calendar: calendar)
        let run = DemoRun(
            connection: connection, utility: utility, modules: Set(loaded), quiet: json,
            keyPrefix: "demo-\(seed)-\(accounts)-\(calendar.billedPeriod)",
            reportsFolder: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("reports").path)
        note("Settle demo utility: \(DemoFormat.count(accounts)) accounts, seed \(seed), billing \(calendar.billedPeriod), host \(path)")
        var summary = try await run.runAll()
        await connection.close()
        summary.seconds = (ContinuousClock.now - started).seconds
        if json {
            print(try summary.json())
        } else {
            print(summary.text())
        }
    }

    private func note(_ text: String) {
        if !json { FileHandle.standardError.write(Data("\(text)\n".utf8)) }
    }
}
