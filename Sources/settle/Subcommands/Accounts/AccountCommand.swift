import ArgumentParser

/// `settle account`: accounts, their service, moves in and out.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Accounts: one-screen summary, listings, move-in and move-out, open, update and status, research.",
        subcommands: [AccountShow.self, AccountList.self, AccountMoveIn.self, AccountMoveOut.self, AccountOpen.self, AccountUpdate.self, AccountStatus.self, AccountResearch.self]
    )
}
