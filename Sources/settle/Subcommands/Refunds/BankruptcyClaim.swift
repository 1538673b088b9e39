import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

extension BankruptcyCommand {
    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "claim", abstract: "The pre-petition claim and the bills behind it, for the proof of claim.")
        @OptionGroup var options: Options
        func run() async throws {
            let view = try await options.view()
            if options.connection.json { return try Output.message(view) }
            if options.csv { return RefundsFormat.printCSV(RefundsFormat.claimHeaders, RefundsFormat.claimRows(view.claimLines)) }
            RefundsFormat.bankruptcy(view, claimOnly: true)
        }
    }
}
