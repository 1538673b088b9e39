import ArgumentParser

/// `settle vee`: validation, estimation and editing of a bill cycle's reads.
struct VeeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vee",
        abstract: "VEE before billing: run a cycle, list its exceptions, resolve them.",
        subcommands: [VeeRun.self, VeeExceptions.self, VeeResolve.self, VeeThresholdsCommand.self, VeeScheduleCommand.self]
    )
}
