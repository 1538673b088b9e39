import ArgumentParser

/// `settle premise`: service addresses.
struct PremiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "premise",
        abstract: "Premises: add one, show one with its history of agreements.",
        subcommands: [PremiseAdd.self, PremiseShow.self]
    )
}
