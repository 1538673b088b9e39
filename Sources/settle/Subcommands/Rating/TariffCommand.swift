import ArgumentParser

/// `settle tariff`: rate schedules as data, their versions and validation.
struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Tariffs: create, save a draft version, import from URDB, show, run a version's test scenarios, validate, activate, retire.",
        subcommands: [TariffCreate.self, TariffSave.self, TariffImport.self, TariffShow.self, TariffTest.self, TariffValidate.self, TariffActivate.self, TariffRetire.self, TariffShadow.self, TariffList.self]
    )
}

/// `settle bill`: billing runs and their bills, and rating without accounts (simulate).
struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract: "Bills: run a cycle, show, list held, release, cancel/rebill, the register; simulate a tariff on a load profile.",
        subcommands: [BillRun.self, BillShow.self, BillList.self, BillRelease.self, BillCancel.self, BillRegister.self, BillSimulate.self, BillFinalCommand.self]
    )
}

/// "CODE@VERSION" (or "CODE", version 0) as typed on the command line.
struct VersionReference: ExpressibleByArgument {
    let code: String
    let version: UInt32

    init?(argument: String) {
        let parts = argument.split(separator: "@", omittingEmptySubsequences: false)
        guard let code = parts.first, !code.isEmpty, parts.count <= 2 else { return nil }
        self.code = String(code)
        if parts.count == 2 {
            guard let version = UInt32(parts[1]), version > 0 else { return nil }
            self.version = version
        } else {
            version = 0
        }
    }
}
