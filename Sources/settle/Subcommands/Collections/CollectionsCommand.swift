import ArgumentParser

/// `settle collections`: aging, late fees, notices, disconnection eligibility, weather, policy.
struct CollectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections",
        abstract: "Aging, late fees, the notice cycle and disconnection eligibility.",
        subcommands: [
            CollectionsAging.self, CollectionsLateFees.self, CollectionsNotices.self, CollectionsEligibility.self,
            CollectionsWeather.self, CollectionsPolicy.self, CollectionsDeposit.self,
        ]
    )
}
