import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Operator actions.", subcommands: [Backup.self, AdminCheck.self])
}
