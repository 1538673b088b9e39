import ArgumentParser
import SettleContracts

/// `settle calendar …`: the utility's one holiday calendar (owned by Programs).
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The utility's holiday calendar, which time-of-use rating and the disconnection calendar read.",
        subcommands: [HolidaysCommand.self])
}
