import ArgumentParser
import SettleContracts

/// `settle vee schedule show|set`: a cycle's scheduled read dates.
struct VeeScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show a cycle's read dates period by period, or set one (default: the cycle's n-th weekday).",
        subcommands: [VeeScheduleShow.self, VeeScheduleSet.self])
}
