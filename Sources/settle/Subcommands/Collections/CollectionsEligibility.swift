import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections eligibility --as-of DATE [--account N]`.
struct CollectionsEligibility: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: "For each account with a served disconnect notice: eligible for disconnection or not, and every rule that decided it.",
        discussion: "Each decision is stored; --history lists the stored decisions of an account instead of deciding again.")

    @Option(name: .long, help: "The day of the decision, YYYY-MM-DD.") var asOf: String
    @Option(name: .long, help: "Only this account.") var account: String?
    @Flag(name: .long, help: "Show the stored decisions (of --account, or of --as-of) instead of deciding.") var history = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            let collections = client.client(CollectionsV1.Client.self)
            if history {
                var request = Settle_Collections_V1_ListEligibilityDecisionsRequest()
                request.accountNumber = account ?? ""
                request.asOf = account == nil ? asOf : ""
                return try await collections.listEligibilityDecisions(request, options: options)
            }
            var request = Settle_Collections_V1_EvaluateEligibilityRequest()
            request.idempotencyKey = mutation.resolvedKey()
            request.asOf = asOf
            request.accountNumber = account ?? ""
            return try await collections.evaluateEligibility(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        print("\(response.eligible) eligible, \(response.notEligible) not eligible")
        for decision in response.decisions {
            print("\naccount \(decision.accountNumber) on \(decision.asOf): \(decision.eligible ? "ELIGIBLE" : "not eligible") (decision \(decision.id), past due \(Dollars.signed(decision.pastDueCents)), collectible \(Dollars.signed(decision.collectiblePastDueCents)))")
            Output.table(["RULE", "", "WHY"], decision.rules.map { [$0.rule, $0.passed ? "pass" : "FAIL", $0.detail] })
        }
    }
}
