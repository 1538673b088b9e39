import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections hold list --account N`.
struct CollectionsHoldList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's collection holds, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let response = try await CollectionsFormat.cases(account: account, connection, { try await $0.listHolds($1, options: $2) }) else { return }
        Output.table(["HOLD", "AMOUNT", "REASON", "START", "EXPIRY", "RELEASED"], response.holds.map {
            ["\($0.id)", Dollars.signed($0.amountCents), $0.reason, $0.startDate, $0.expiryDate, Cell.dash($0.releasedDate)]
        })
    }
}
