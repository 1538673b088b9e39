import ArgumentParser
import Foundation
import SettleClient

/// `settle-driver run FILE...`: runs scenario files against a live host and reports every
/// step that did not do what the file expects.
struct RunScenarios: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files (JSON; see Protocols/SCENARIOS.md) against a live host.",
        discussion: "Exits 1 when any step fails, printing the step, what it expected and what it got."
    )

    @Argument(help: "Scenario files or folders of them.")
    var paths: [String]

    @Option(name: .long, help: "Host socket (default $SETTLE_SOCKET or ./data/settled.sock).")
    var socket: String?

    @Flag(name: .long, help: "Print one JSON object per scenario with every step's result.")
    var json = false

    func run() async throws {
        let scenarios: [Scenario]
        do {
            scenarios = try ScenarioRunner.load(paths: paths)
        } catch {
            throw ValidationError("\(error)")
        }
        let client = try await SettleClient.connect(socket: socket, agent: "settle-driver")
        let runner = ScenarioRunner(transport: client.connection)
        var failures = 0
        for scenario in scenarios {
            let results = await runner.run(scenario)
            failures += results.filter { !$0.passed }.count
            if json {
                let object: [String: Any] = [
                    "scenario": scenario.name, "source": scenario.source,
                    "steps": results.map { ["step": $0.step, "call": $0.call, "status": $0.status, "passed": $0.passed, "failure": $0.failure ?? ""] as [String: Any] },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("\(scenario.name) (\(scenario.source))")
                for result in results {
                    print("  \(result.passed ? "ok  " : "FAIL") \(result.step) — \(result.call) → \(result.status)")
                    if let failure = result.failure { print("       " + failure.replacingOccurrences(of: "\n", with: "\n       ")) }
                }
            }
        }
        await client.close()
        if !json { print(failures == 0 ? "all steps passed" : "\(failures) step(s) failed") }
        if failures > 0 { throw ExitCode(1) }
    }
}
