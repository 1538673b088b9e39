import ArgumentParser
import SettleContracts

/// `settle agreement`: service agreements (one service at one premise for one account), what
/// Metering reads and Rating bills.
struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Service agreements: show one, list them, start one on an existing account.",
        subcommands: [AgreementShow.self, AgreementList.self, AgreementStart.self])
}
