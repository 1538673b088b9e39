import ArgumentParser
import SettleContracts

/// `settle calendar holidays list|set --year Y`.
struct HolidaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays", abstract: "NERC's six holidays (a Sunday one observed on Monday) and the utility's own days.",
        subcommands: [HolidaysList.self, HolidaysSet.self])
}
