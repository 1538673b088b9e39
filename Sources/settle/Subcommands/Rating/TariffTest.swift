import ArgumentParser
import SettleContracts

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
            try AccountsFormat.printJSON(response)
        } else {
            Output.table(["SCENARIO", "RESULT", "EXPECTED", "ACTUAL", "DIFFERENCES"], response.results.map {
                [$0.name, $0.passed ? "pass" : "FAIL", RatingFormat.dollars($0.expectedTotalCents), RatingFormat.dollars($0.actualTotalCents), $0.failures.joined(separator: "; ")]
            })
            print(response.allPassed ? "all \(response.results.count) scenario(s) pass" : "\(response.results.filter { !$0.passed }.count) of \(response.results.count) scenario(s) fail")
        }
        if !response.allPassed { throw ExitCode(1) }
    }
}

/// `settle tariff validate|activate|retire CODE@VERSION`: one command per step.
enum VersionStep: String {
    case validate, activate, retire

    func run(_ reference: VersionReference, mutation: MutationOptions, connection: ConnectionOptions) async throws {
        var request = Settle_Rating_V1_ChangeVersionStatusRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.code = reference.code
        request.version = reference.version
        let options = mutation.callOptions(connection)
        let version = try await connection.withClient { client in
            let rating = client.client(RatingV1.Client.self)
            switch self {
            case .validate: return try await rating.validateTariffVersion(request, options: options)
            case .activate: return try await rating.activateTariffVersion(request, options: options)
            case .retire: return try await rating.retireTariffVersion(request, options: options)
            }
        }
        if connection.json { return try AccountsFormat.printJSON(version) }
        print("\(version.code)@\(version.version) is \(version.status)")
    }
}

struct TariffValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Draft → validated, when every test scenario passes.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.validate.run(reference, mutation: mutation, connection: connection) }
}

struct TariffActivate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Validated → active; refused to the person who created the version.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.activate.run(reference, mutation: mutation, connection: connection) }
}

struct TariffRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retire", abstract: "Active or validated → retired.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.retire.run(reference, mutation: mutation, connection: connection) }
}
