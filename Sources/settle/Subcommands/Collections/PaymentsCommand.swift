import ArgumentParser
import Foundation
import SettleContracts

/// `settle payments`: post one payment, import a payment file, return a payment (NSF).
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Post payments one at a time or from a lockbox/processor file; return (NSF) a payment.",
        subcommands: [PaymentsPost.self, PaymentsImport.self, PaymentsReturn.self]
    )
}
