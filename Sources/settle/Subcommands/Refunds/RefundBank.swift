import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// `settle refund bank --account N --routing R --bank-account A [--type checking|savings]`.
struct RefundBank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bank", abstract: "An account's bank details for ACH refunds.")

    @Option(name: .long) var account: String
    @Option(name: .long, help: "9-digit routing number.") var routing: String
    @Option(name: .long, help: "The customer's bank account number.") var bankAccount: String
    @Option(name: .long, help: "checking or savings.") var type: String = "checking"
    @Option(name: .long, help: "Payee name (default the customer's).") var name: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_SetPayeeBankRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.bank = .with { $0.accountNumber = account; $0.routingNumber = routing; $0.bankAccount = bankAccount; $0.accountType = type; $0.name = name ?? "" }
        let bank = try await mutation.send(connection) { try await $0.client(RefundsV1.Client.self).setPayeeBank(request, options: $1) }
        if connection.json { return try Output.message(bank) }
        Output.table(["ACCOUNT", "NAME", "ROUTING", "BANK ACCOUNT", "TYPE"], [[bank.accountNumber, bank.name, bank.routingNumber, bank.bankAccount, bank.accountType]])
    }
}
