import ArgumentParser

/// `settle-driver`: runs scenarios and benchmarks against a live Settle host over its socket.
@main
struct SettleDriver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle-driver",
        abstract: "Scenario and load driver for a Settle host.",
        subcommands: [RunScenarios.self, Demo.self, Bench.self, Abuse.self]
    )
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a host. Each benchmark starts its own host in a temp folder unless given --socket.",
        subcommands: [BenchRPC.self, BenchIngest.self, BenchBilling.self, BenchCollections.self, BenchReports.self, BenchRefunds.self]
    )
}
