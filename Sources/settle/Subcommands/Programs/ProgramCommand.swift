import ArgumentParser

/// `settle program …`: enrolments in the utility's special billing programs.
struct ProgramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Enrol agreements in billing programs (totalized, wastewater_average, tou), change and end enrolments, show and list them, compare an agreement's bills under a TOU tariff.",
        subcommands: [ProgramEnroll.self, ProgramEnd.self, ProgramChange.self, ProgramShow.self, ProgramList.self, ProgramTouCompare.self, ProgramTouPolicy.self, ProgramSolarBank.self, BudgetCommand.self])
}
