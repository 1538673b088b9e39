import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle tariff test CODE@VERSION`.
struct TariffTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a tariff version's test scenarios (determinants in, expected amounts out).",
        discussion: "Exits 0 when every scenario passes, 1 otherwise.")

    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_TestTariffVersionRequest()
        request.code = reference.code
        request.version = reference.version
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).testTariffVersion(request, options: options) }
        if connection.json {
            try Output.message(response)
        } else {
            Output.table(["SCENARIO", "RESULT", "EXPECTED", "ACTUAL", "DIFFERENCES"], response.results.map {
                [$0.name, $0.passed ? "pass" : "FAIL", Dollars.plain($0.expectedTotalCents), Dollars.plain($0.actualTotalCents), $0.failures.joined(separator: "; ")]
            })
            print(response.allPassed ? "all \(response.results.count) scenario(s) pass" : "\(response.results.filter { !$0.passed }.count) of \(response.results.count) scenario(s) fail")
        }
        if !response.allPassed { throw ExitCode(1) }
    }
}
