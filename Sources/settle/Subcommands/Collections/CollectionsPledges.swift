import ArgumentParser
import SettleContracts

/// `settle collections pledge record|mark|list`: energy-assistance pledges, which stop
/// disconnection while pending.
struct CollectionsPledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledge",
        abstract: "Energy-assistance pledges: record one, mark it paid or expired, list an account's.",
        subcommands: [CollectionsPledgeRecord.self, CollectionsPledgeMark.self, CollectionsPledgeList.self])
}

/// `settle collections pledge record --account N --agency A --amount 100.00 --expiry D [--date D]`.
struct CollectionsPledgeRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record an agency's pledge to pay; pending (no disconnection) through its expiry date unless marked sooner.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The agency that pledged, e.g. \"LIHEAP Sangamon County\".") var agency: String
    @Option(name: .long, help: "The pledged amount in dollars, e.g. 100.00.") var amount: String
    @Option(name: .long, help: "The day of the pledge, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "The last day it is pending, YYYY-MM-DD.") var expiry: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_RecordPledgeRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.agency = agency
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.pledgedDate = date ?? ""
        request.expiryDate = expiry
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).recordPledge(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let pledge = response.pledge
        print("pledge \(pledge.id) on account \(pledge.accountNumber): \(AccountsFormat.dollars(pledge.amountCents)) from \(pledge.agency), pending \(pledge.pledgedDate) through \(pledge.expiryDate)  [idempotency key \(request.idempotencyKey)]")
    }
}

/// `settle collections pledge mark ID paid|expired [--date D] [--payment-reference R] [--note T]`.
struct CollectionsPledgeMark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark a pending pledge paid (the agency paid) or expired (the agency withdrew it); from that day it no longer stops disconnection.",
        discussion: """
            With --payment-reference the agency's payment must be posted to the pledge's account and not \
            returned; the date then defaults to the payment's. The default idempotency key is the pledge's \
            id and the outcome, so repeating the command marks it once.
            """)

    enum Outcome: String, ExpressibleByArgument, CaseIterable { case paid, expired }

    @Argument(help: "The pledge's id.") var id: UInt64
    @Argument(help: "paid or expired.") var outcome: Outcome
    @Option(name: .long, help: "The day it was paid or withdrawn, YYYY-MM-DD (default: the payment's date, else today).") var date: String?
    @Option(name: .long, help: "The agency's payment in the ledger (paid only).") var paymentReference: String?
    @Option(name: .long, help: "A note kept on the pledge.") var note = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ResolvePledgeRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "pledge-\(id)-\(outcome.rawValue)"
        request.pledgeID = id
        request.outcome = outcome.rawValue
        request.resolvedDate = date ?? ""
        request.paymentReference = paymentReference ?? ""
        request.note = note
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).resolvePledge(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let pledge = response.pledge
        print("pledge \(pledge.id) on account \(pledge.accountNumber) \(pledge.status) \(pledge.resolvedDate)\(pledge.paymentReference.isEmpty ? "" : " (payment \(pledge.paymentReference))")")
    }
}

/// `settle collections pledge list --account N`.
struct CollectionsPledgeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "An account's pledges, newest first.")

    @Option(name: .long, help: "Account number.") var account: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ListPledgesRequest()
        request.accountNumber = account
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).listPledges(request, options: connection.callOptions)
        }
        if connection.json { return try AccountsFormat.printJSON(response) }
        Output.table(["PLEDGE", "AGENCY", "AMOUNT", "PLEDGED", "EXPIRES", "STATUS", "RESOLVED", "PAYMENT"], response.pledges.map {
            ["\($0.id)", $0.agency, AccountsFormat.dollars($0.amountCents), $0.pledgedDate, $0.expiryDate, $0.status, $0.resolvedDate, $0.paymentReference]
        })
    }
}
