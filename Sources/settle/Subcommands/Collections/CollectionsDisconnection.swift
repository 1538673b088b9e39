import ArgumentParser
import SettleContracts

/// `settle collections disconnection record --account N --date D [--decision ID]`: the field
/// crew's disconnection, recorded against the eligibility decision it acted on so the audit
/// shows which rules allowed it.
struct CollectionsDisconnection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnection",
        abstract: "Record a disconnection carried out in the field.",
        subcommands: [CollectionsDisconnectionRecord.self])
}
