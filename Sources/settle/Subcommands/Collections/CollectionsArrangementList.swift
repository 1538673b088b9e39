import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections arrangement list --account N [--as-of D]`.
struct CollectionsArrangementList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's arrangements and their standing as of a day, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: today).") var asOf: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let response = try await CollectionsFormat.cases(account: account, asOf: asOf ?? "", connection, { try await $0.listArrangements($1, options: $2) }) else { return }
        Output.table(["ARRANGEMENT", "START", "TOTAL", "INSTALLMENTS", "STATUS", "BROKEN ON", "PAID TOWARD"], response.arrangements.map {
            ["\($0.id)", $0.startDate, Dollars.signed($0.totalCents), "\($0.installments)", $0.status, Cell.dash($0.brokenOn),
             Dollars.signed($0.paidTowardCents)]
        })
    }
}
