import ArgumentParser

/// `settle tariff`: rate schedules as data, their versions and validation.
struct TariffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Tariffs: create, save a draft version, import from URDB, show, run a version's test scenarios, validate, activate, retire.",
        subcommands: [TariffCreate.self, TariffSave.self, TariffImport.self, TariffShow.self, TariffTest.self, TariffValidate.self, TariffActivate.self, TariffRetire.self, TariffShadow.self, TariffList.self]
    )
}
