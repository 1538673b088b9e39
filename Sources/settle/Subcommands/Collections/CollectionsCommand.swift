import ArgumentParser

/// `settle collections`: aging, late fees, notices, disconnection eligibility, weather, policy,
/// deposits, and what stops notices and disconnection (disputes, holds, pledges, arrangements).
struct CollectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections",
        abstract: "Aging, late fees, the notice cycle, disconnection eligibility and what stops it.",
        subcommands: [
            CollectionsAging.self, CollectionsLateFees.self, CollectionsNotices.self, CollectionsEligibility.self,
            CollectionsWeather.self, CollectionsPolicy.self, CollectionsDeposit.self,
            CollectionsDispute.self, CollectionsHold.self, CollectionsPledge.self, CollectionsArrangement.self,
            CollectionsCreditBalances.self, CollectionsDisconnection.self,
        ]
    )
}
