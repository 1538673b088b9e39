import ArgumentParser
import SettleContracts

/// `settle account open`: an account for a customer without service yet (move-in opens one
/// itself; this is for a customer who is set up before the premise is known).
struct AccountOpen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open an account for a customer on a bill cycle.")

    @Option(name: .long, help: "Customer id, e.g. C000001.") var customer: String
    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32
    @Option(name: .long, help: "The day it opens, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Deposit held or required, in dollars, e.g. 125.00.") var deposit: String?
    @Option(name: .long, help: "Bills mailed to, line 1 (default: the customer's mailing address).") var mailLine1: String?
    @Option(name: .long) var mailLine2: String?
    @Option(name: .long) var mailCity: String?
    @Option(name: .long) var mailState: String?
    @Option(name: .long) var mailZip: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_OpenAccountRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.billCycle = cycle
        request.openedDate = date
        if let deposit { request.depositCents = try AccountEditFormat.cents(deposit, field: "--deposit") }
        if let address = AccountsFormat.address(line1: mailLine1, line2: mailLine2, city: mailCity, state: mailState, zip: mailZip) {
            request.mailingAddress = address
        }
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).openAccount(request, options: options) }
        try AccountEditFormat.show(response, verb: "opened", connection: connection, key: request.idempotencyKey)
    }
}

/// `settle account update N`: the account's bill cycle, mailing address or deposit.
struct AccountUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change an account's bill cycle, mailing address or deposit (only the fields given change).")

    @Argument(help: "Account number, e.g. 100001.") var number: String
    @Option(name: .long, help: "Bill cycle 1–20.") var cycle: UInt32?
    @Option(name: .long, help: "Deposit held or required, in dollars, e.g. 125.00.") var deposit: String?
    @Option(name: .long, help: "Bills mailed to, line 1.") var mailLine1: String?
    @Option(name: .long) var mailLine2: String?
    @Option(name: .long) var mailCity: String?
    @Option(name: .long) var mailState: String?
    @Option(name: .long) var mailZip: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_UpdateAccountRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = number
        if let cycle { request.billCycle = cycle }
        if let deposit { request.depositCents = try AccountEditFormat.cents(deposit, field: "--deposit") }
        let options = mutation.callOptions(connection)
        let lines = (mailLine1, mailLine2, mailCity, mailState, mailZip)
        let changesAddress = [mailLine1, mailLine2, mailCity, mailState, mailZip].contains { $0 != nil }
        let response = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            var request = request
            if changesAddress {
                // The contract replaces the address whole; keep the lines the flags do not change.
                var get = Settle_Accounts_V1_GetAccountRequest()
                get.accountNumber = request.accountNumber
                let current = try await accounts.getAccount(get, options: connection.callOptions).account.mailingAddress
                request.mailingAddress = AccountsFormat.merged(current, line1: lines.0, line2: lines.1, city: lines.2, state: lines.3, zip: lines.4)
            }
            return try await accounts.updateAccount(request, options: options)
        }
        try AccountEditFormat.show(response, verb: "updated", connection: connection, key: request.idempotencyKey)
    }
}

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
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).changeAccountStatus(request, options: options) }
        try AccountEditFormat.show(response, verb: status, connection: connection, key: request.idempotencyKey)
    }
}

/// How the account-changing commands show their result.
enum AccountEditFormat {
    /// Dollars to exact cents, or a usage error naming the flag.
    static func cents(_ text: String, field: String) throws -> Int64 {
        guard let cents = AccountsFormat.cents(fromDollars: text) else {
            throw ValidationError("\(field) '\(text)' is not an amount in dollars with at most two decimals, e.g. 125.00")
        }
        return cents
    }

    static func show(_ response: Settle_Accounts_V1_AccountResponse, verb: String, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try AccountsFormat.printJSON(response) }
        let account = response.account
        print("account \(account.number) \(verb): customer \(account.customerID)  \(account.status)  cycle \(account.billCycle)  deposit \(AccountsFormat.dollars(account.depositCents))  [idempotency key \(key)]")
        Output.table(["NUMBER", "CUSTOMER", "STATUS", "CYCLE", "MAILED TO", "OPENED", "FINAL", "CLOSED"], [[
            account.number, account.customerID, account.status, "\(account.billCycle)", AccountsFormat.oneLine(account.mailingAddress),
            account.openedDate, AccountsFormat.dash(account.finalDate), AccountsFormat.dash(account.closedDate),
        ]])
    }
}
