import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections dispute list --account N`.
struct CollectionsDisputeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's disputes, open and closed, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let response = try await CollectionsFormat.cases(account: account, connection, { try await $0.listDisputes($1, options: $2) }) else { return }
        Output.table(["DISPUTE", "AMOUNT", "OPENED", "CLOSED", "DESCRIPTION", "RESOLUTION"], response.disputes.map {
            ["\($0.id)", Dollars.signed($0.amountCents), $0.openedDate, Cell.dash($0.closedDate), $0.description_p, $0.resolution]
        })
    }
}
