import ArgumentParser

/// `settle meter`: meters and their lifecycle.
struct MeterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meter",
        abstract: "Meters: add to inventory, install, validate, activate, remove, exchange, show.",
        subcommands: [MeterAdd.self, MeterShow.self, MeterInstall.self, MeterValidate.self, MeterActivate.self, MeterRemove.self, MeterExchange.self, MeterList.self, MeterRateRequirements.self]
    )
}
