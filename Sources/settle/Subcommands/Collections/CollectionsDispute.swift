import ArgumentParser
import SettleContracts

/// `settle collections dispute open|close`: an amount the customer disputes, set aside from
/// notices and disconnection while the dispute is open.
struct CollectionsDispute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "Open or close a dispute: the disputed amount is left out of notices and disconnection while it is open.",
        subcommands: [CollectionsDisputeOpen.self, CollectionsDisputeClose.self, CollectionsDisputeList.self])
}
