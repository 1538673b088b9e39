import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

extension BankruptcyCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "All of it: the split, the claim, post-petition debt, assurance, outcome.")
        @OptionGroup var options: Options
        func run() async throws {
            let view = try await options.view()
            if options.connection.json { return try Output.message(view) }
            if options.csv { return RefundsFormat.printCSV(RefundsFormat.claimHeaders, RefundsFormat.claimRows(view.claimLines + view.postPetitionLines)) }
            RefundsFormat.bankruptcy(view)
        }
    }
}
