import ArgumentParser
import SettleContracts

/// `settle collections dispute open|close`: an amount the customer disputes, set aside from
/// notices and disconnection while the dispute is open.
struct CollectionsDispute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "Open or close a dispute: the disputed amount is left out of notices and disconnection while it is open.",
        subcommands: [CollectionsDisputeOpen.self, CollectionsDisputeClose.self, CollectionsDisputeList.self])
}

/// `settle collections dispute open --account N --amount 150.00 [--date D] [--description T]`.
struct CollectionsDisputeOpen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a dispute on an amount of an account.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The disputed amount in dollars, e.g. 150.00.") var amount: String
    @Option(name: .long, help: "The day it was opened, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "What the customer disputes.") var description = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_OpenDisputeRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.openedDate = date ?? ""
        request.description_p = description
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).openDispute(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let dispute = response.dispute
        print("dispute \(dispute.id) on account \(dispute.accountNumber): \(AccountsFormat.dollars(dispute.amountCents)) opened \(dispute.openedDate)  [idempotency key \(request.idempotencyKey)]")
    }
}

/// `settle collections dispute close ID [--date D] [--resolution T]`.
struct CollectionsDisputeClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a dispute; from that day its amount counts again.",
        discussion: "The default idempotency key is the dispute's id, so repeating the command closes it once.")

    @Argument(help: "The dispute's id.") var id: UInt64
    @Option(name: .long, help: "The day it was closed, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "How it was resolved.") var resolution = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_CloseDisputeRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "dispute-close-\(id)"
        request.disputeID = id
        request.closedDate = date ?? ""
        request.resolution = resolution
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).closeDispute(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let dispute = response.dispute
        print("dispute \(dispute.id) on account \(dispute.accountNumber) closed \(dispute.closedDate)\(dispute.resolution.isEmpty ? "" : ": \(dispute.resolution)")")
    }
}

/// `settle collections hold place|release`: a collection hold on an amount, with a reason and
/// an expiry date.
struct CollectionsHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place or release a collection hold: the held amount is left out of notices and disconnection until it expires.",
        subcommands: [CollectionsHoldPlace.self, CollectionsHoldRelease.self, CollectionsHoldList.self])
}

/// `settle collections hold place --account N --amount A --why TEXT --expiry D [--start D]`.
struct CollectionsHoldPlace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "place", abstract: "Place a hold on an amount of an account, through an expiry date.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "The held amount in dollars, e.g. 50.00.") var amount: String
    @Option(name: .customLong("why"), help: "Why collection is held (e.g. billing review); kept on the hold.") var holdReason: String
    @Option(name: .long, help: "The first day it holds, YYYY-MM-DD (default: today).") var start: String?
    @Option(name: .long, help: "The last day it holds, YYYY-MM-DD.") var expiry: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount")
    }

    func run() async throws {
        var request = Settle_Collections_V1_PlaceHoldRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount")
        request.reason = holdReason
        request.startDate = start ?? ""
        request.expiryDate = expiry
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).placeHold(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let hold = response.hold
        print("hold \(hold.id) on account \(hold.accountNumber): \(AccountsFormat.dollars(hold.amountCents)) from \(hold.startDate) through \(hold.expiryDate) (\(hold.reason))  [idempotency key \(request.idempotencyKey)]")
    }
}

/// `settle collections hold release ID [--date D]`.
struct CollectionsHoldRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release a hold before it expires; from that day its amount counts again.",
        discussion: "The default idempotency key is the hold's id, so repeating the command releases it once.")

    @Argument(help: "The hold's id.") var id: UInt64
    @Option(name: .long, help: "The day it was released, YYYY-MM-DD (default: today).") var date: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ReleaseHoldRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "hold-release-\(id)"
        request.holdID = id
        request.releasedDate = date ?? ""
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).releaseHold(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        print("hold \(response.hold.id) on account \(response.hold.accountNumber) released \(response.hold.releasedDate)")
    }
}
