import ArgumentParser
import SettleClient
import SettleContracts

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
        let response = try await mutation.send(connection) { try await $0.client(CollectionsV1.Client.self).releaseHold(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("hold \(response.hold.id) on account \(response.hold.accountNumber) released \(response.hold.releasedDate)")
    }
}
