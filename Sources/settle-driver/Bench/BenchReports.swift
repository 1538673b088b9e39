import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC

/// `settle-driver bench reports`: Reporting over the socket — the billing register with
/// reconciliation of a billed cycle, one account's research summary, and statements.
struct BenchReports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Register-with-reconciliation seconds, anomaly-scan seconds, research-summary ms and statements/s over a billed cycle.",
        discussion: """
            Loads --accounts register-read accounts on BENCH-RES in cycle 8 through Accounts and \
            Metering, runs VEE and the cycle's billing run (all untimed; tariffs need a second \
            person as for bench billing), then times, over the socket: register_s, the whole \
            register of the cycle with reconciliation (every row streamed and read, the summary \
            checked to tie); research_ms, the median of --repeats research summaries with HTML of \
            one account; statements_per_s, every statement of the cycle rendered as HTML; \
            anomaly_scan_s, the whole utility's anomaly scan as of 2024-06-10 over the period's bills. \
            Targets (issue 16): register ≤ 3 s for ~160,000 bills, anomaly scan ≤ 10 s, research ≤ \
            150 ms, ≥ 2,000 statements/s.
            """)

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).") var socket: String?
    @Option(name: .long, help: "Register-read accounts billed in cycle 8.") var accounts = 20_000
    @Option(name: .long, help: "Timed research summaries (median reported).") var repeats = 5
    @Flag(name: .long, help: "Print one JSON object instead of a table.") var json = false
    @Flag(name: .long, help: "The host at --socket already holds this bench's billed cycle (an earlier run): time the reports only.")
    var loaded = false

    func run() async throws {
        let host = try await HostUnderTest.start(socket: socket, extraArguments: socket == nil ? SecondPerson.hostArguments() : [])
        defer { host.stop() }
        let connection = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")
        let rating = RatingV1.Client(transport: connection)
        let reporting = ReportingV1.Client(transport: connection)
        if loaded {
            guard socket != nil else { throw ValidationError("--loaded needs --socket: a host started here holds nothing yet") }
            log("timing the reports of what the host already holds (--loaded)")
        } else {
            let approver = await SecondPerson.connect(to: host.socketPath, agent: "settle-driver (second person)")
            try await BenchBilling.readyBillingTariffs(rating, approver: approver.map { RatingV1.Client(transport: $0) })
            if let approver { await approver.close() }
            let data = BillingBenchData(accounts: AccountsV1.Client(transport: connection), metering: MeteringV1.Client(transport: connection),
                                        timeZone: TimeZone(identifier: "America/Chicago") ?? .current)
            log("loading \(accounts) register accounts and billing cycle \(BillingBenchData.registerCycle) (untimed)")
            try await data.load(registerAccounts: accounts, touAccounts: 0)
            var run = Settle_Rating_V1_RunBillingRequest()
            run.idempotencyKey = "bench-reports-run"
            run.cycle = BillingBenchData.registerCycle
            run.period = BillingBenchData.period
            for try await _ in try await rating.runBilling(run, options: CallOptions(timeout: .seconds(3_600))) {}
        }
        let long = CallOptions(timeout: .seconds(3_600))

        var register = Settle_Reporting_V1_GetBillingRegisterRequest()
        register.cycle = BillingBenchData.registerCycle
        register.period = BillingBenchData.period
        var rows = 0
        var summary = Settle_Reporting_V1_RegisterSummary()
        var sample = ""
        var started = ContinuousClock.now
        for try await page in try await reporting.getBillingRegister(register, options: long) {
            rows += page.rows.count
            if sample.isEmpty { sample = page.rows.first { $0.status == "billed" }?.accountNumber ?? "" }
            if page.last { summary = page.summary }
        }
        let registerSeconds = (ContinuousClock.now - started).seconds
        guard summary.billed > 0 else {
            throw DriverError("cycle \(BillingBenchData.registerCycle) of \(BillingBenchData.period) has no bills at this host\(loaded ? "; run once without --loaded to load and bill it" : "")")
        }
        guard summary.tiesToLedger, summary.countsTie else {
            throw DriverError("the register does not tie: \(summary.differences.count) difference(s), problems \(summary.problems.prefix(3))")
        }
        log("register: \(rows) rows, \(summary.billed) billed, ties, in \(String(format: "%.2f", registerSeconds)) s")

        var scan = Settle_Reporting_V1_GetAnomaliesRequest()
        scan.asOf = "2024-06-10"
        scan.period = BillingBenchData.period
        var findings = 0
        started = ContinuousClock.now
        for try await page in try await reporting.getAnomalies(scan, options: long) where page.last { findings = Int(page.summary.findings) }
        let anomalySeconds = (ContinuousClock.now - started).seconds
        log("anomaly scan: \(findings) findings in \(String(format: "%.2f", anomalySeconds)) s")

        var research = Settle_Reporting_V1_GetAccountResearchRequest()
        research.accountNumber = sample
        research.asOf = "2024-05-31"
        research.html = true
        _ = try await reporting.getAccountResearch(research)
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            started = ContinuousClock.now
            _ = try await reporting.getAccountResearch(research)
            times.append((ContinuousClock.now - started).seconds * 1_000)
        }
        times.sort()
        let researchMs = times[times.count / 2]

        var statements = Settle_Reporting_V1_ListStatementsRequest()
        statements.cycle = BillingBenchData.registerCycle
        statements.period = BillingBenchData.period
        statements.html = true
        var rendered = 0
        started = ContinuousClock.now
        for try await page in try await reporting.listStatements(statements, options: long) { rendered += page.statements.count }
        let statementsPerSecond = Double(rendered) / (ContinuousClock.now - started).seconds
        await connection.close()

        if json {
            let object: [String: Any] = [
                "register_s": (registerSeconds * 1_000).rounded() / 1_000, "register_rows": rows,
                "research_ms": (researchMs * 10).rounded() / 10,
                "anomaly_scan_s": (anomalySeconds * 1_000).rounded() / 1_000, "anomaly_findings": findings,
                "statements_per_s": statementsPerSecond.rounded(), "statements": rendered,
                "peak_rss_mb": (host.peakRSSMiB ?? 0).rounded(),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("settle-driver bench reports (\(accounts) accounts in cycle \(BillingBenchData.registerCycle))")
            print("register_s".padding(toLength: 20, withPad: " ", startingAt: 0), String(format: "%10.3f", registerSeconds), "(\(rows) rows)")
            print("anomaly_scan_s".padding(toLength: 20, withPad: " ", startingAt: 0), String(format: "%10.3f", anomalySeconds), "(\(findings) findings)")
            print("research_ms".padding(toLength: 20, withPad: " ", startingAt: 0), String(format: "%10.1f", researchMs))
            print("statements_per_s".padding(toLength: 20, withPad: " ", startingAt: 0), String(format: "%10.0f", statementsPerSecond), "(\(rendered))")
        }
    }

    private func log(_ text: String) {
        if !json { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
    }
}
