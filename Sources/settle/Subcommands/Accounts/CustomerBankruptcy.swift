import ArgumentParser
import SettleContracts

/// `settle customer bankruptcy record|resolve`: cases, whose stay protects pre-petition debt.
struct CustomerBankruptcy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bankruptcy", abstract: "Bankruptcy cases: pre-petition debt is stayed until discharge or dismissal.",
        subcommands: [CustomerBankruptcyRecord.self, CustomerBankruptcyResolve.self])
}
