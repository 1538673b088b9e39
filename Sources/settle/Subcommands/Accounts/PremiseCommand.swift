import ArgumentParser

/// `settle premise`: service addresses.
struct PremiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "premise",
        abstract: "Premises: add one, show one with its history of agreements, list and change them.",
        subcommands: [PremiseAdd.self, PremiseShow.self, PremiseList.self, PremiseUpdate.self]
    )
}
