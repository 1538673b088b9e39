import ArgumentParser
import SettleContracts

/// `settle customer critical-care add|end`: medical certifications, which stop disconnection
/// while in force.
struct CustomerCriticalCare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critical-care", abstract: "Critical-care (medical) certifications: no disconnection while one is in force.",
        subcommands: [CustomerCriticalCareAdd.self, CustomerCriticalCareEnd.self])
}
