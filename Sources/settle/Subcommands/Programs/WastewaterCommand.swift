import ArgumentParser

/// `settle wastewater …`: winter averaging's policy and averages.
struct WastewaterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wastewater",
        abstract: "Wastewater winter averaging: the policy, each agreement's average with its basis, leak adjustments.",
        subcommands: [WastewaterPolicyCommand.self, WastewaterAverages.self, WastewaterAdjust.self])
}
