import ArgumentParser
import SettleContracts

/// `settle collections arrangement create|show`: payment arrangements, which stop notices and
/// disconnection while kept.
struct CollectionsArrangement: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrangement",
        abstract: "Payment arrangements: a down payment and equal monthly installments; kept, broken or completed as of a day.",
        subcommands: [CollectionsArrangementCreate.self, CollectionsArrangementShow.self, CollectionsArrangementList.self])
}
