import ArgumentParser
import Foundation
import SettleContracts

/// `settle statement …`: the customer's statement, one per account and period.
struct StatementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "The customer's statement covering every service: show one, or write a cycle's as files.",
        subcommands: [StatementShow.self, StatementRender.self])
}
