import ArgumentParser
import SettleClient
import SettleContracts

/// `settle account status N final|closed --date D`: moves an account along
/// `active → final → closed`; Accounts refuses a step whose conditions do not hold (an active
/// agreement left, a final bill not done) and says which.
struct AccountStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Make an account final (no active service left) or closed (every final bill done).")

    @Argument(help: "Account number, e.g. 100001.") var number: String
    @Argument(help: "final or closed.") var status: String
    @Option(name: .long, help: "The day, YYYY-MM-DD.") var date: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_ChangeAccountStatusRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "account-status-\(number)-\(status)-\(date)"
        request.accountNumber = number
        request.status = status
        request.date = date
        let response = try await mutation.send(connection) { try await $0.client(AccountsV1.Client.self).changeAccountStatus(request, options: $1) }
        try AccountEditFormat.show(response, verb: status, connection: connection, key: request.idempotencyKey)
    }
}
