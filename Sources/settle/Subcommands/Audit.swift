import ArgumentParser
import SettleClient
import SettleContracts

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Audit trail checks.", subcommands: [Verify.self])
}
