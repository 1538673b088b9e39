import ArgumentParser
import SettleContracts

/// `settle collections pledge record|mark|list`: energy-assistance pledges, which stop
/// disconnection while pending.
struct CollectionsPledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledge",
        abstract: "Energy-assistance pledges: record one, mark it paid or expired, list an account's.",
        subcommands: [CollectionsPledgeRecord.self, CollectionsPledgeMark.self, CollectionsPledgeList.self])
}
