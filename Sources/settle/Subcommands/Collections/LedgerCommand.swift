import ArgumentParser
import SettleContracts

/// `settle ledger`: the Collections ledger — an account's position and the trial balance.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The per-account ledger: show an account, post an entry, check the trial balance.",
        subcommands: [LedgerCheck.self, LedgerShow.self, LedgerPost.self, LedgerApprove.self, LedgerTransfer.self, LedgerReverse.self]
    )
}
