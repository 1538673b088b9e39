import ArgumentParser

/// `settle report …`: reports that tie the modules to each other.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: the billing register reconciled to the ledger, exceptions, aging tied to the trial balance, revenue, trends and outliers, the anomaly scan.",
        subcommands: [ReportRegister.self, ReportAging.self, ReportExceptions.self, ReportRevenue.self, ReportTrends.self, ReportAnomalies.self])
}

/// The output formats every report offers beside its table and `--json`.
struct ReportFormatOptions: ParsableArguments {
    @Flag(name: .long, help: "Print CSV (amounts in cents), one row per line.") var csv = false
    @Flag(name: .long, help: "Print one self-contained HTML document (inline CSS, no scripts).") var html = false

    func validate(json: Bool) throws {
        if [csv, html, json].filter({ $0 }).count > 1 { throw ValidationError("choose one of --csv, --json and --html") }
    }
}
