import ArgumentParser

/// `settle bill`: billing runs and their bills, and rating without accounts (simulate).
struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract: "Bills: run a cycle, show, list held, release, cancel/rebill, the register; simulate a tariff on a load profile.",
        subcommands: [BillRun.self, BillShow.self, BillList.self, BillRelease.self, BillCancel.self, BillRegister.self, BillSimulate.self, BillFinalCommand.self]
    )
}
