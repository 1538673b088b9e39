import ArgumentParser
import SettleContracts

/// `settle collections notices [run] --as-of DATE` and `settle collections notices list --account N`.
struct CollectionsNotices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Run the notice cycle (the default) or list an account's notices.",
        subcommands: [CollectionsNoticesRun.self, CollectionsNoticesList.self],
        defaultSubcommand: CollectionsNoticesRun.self)
}
