import ArgumentParser
import SettleClient
import SettleContracts

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
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).resolvePledge(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let pledge = response.pledge
        print("pledge \(pledge.id) on account \(pledge.accountNumber) \(pledge.status) \(pledge.resolvedDate)\(pledge.paymentReference.isEmpty ? "" : " (payment \(pledge.paymentReference))")")
    }
}
