import ArgumentParser

/// `settle reads`: importing and listing meter reads.
struct ReadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reads",
        abstract: "Meter reads: import files (register CSV, interval CSV, Green Button XML), list a meter's reads.",
        subcommands: [ReadsImport.self, ReadsList.self, ReadsIntervals.self, ReadsConsumption.self, ReadsRequest.self]
    )
}
