import ArgumentParser
import SettleClient
import SettleContracts

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
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).closeDispute(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let dispute = response.dispute
        print("dispute \(dispute.id) on account \(dispute.accountNumber) closed \(dispute.closedDate)\(dispute.resolution.isEmpty ? "" : ": \(dispute.resolution)")")
    }
}
