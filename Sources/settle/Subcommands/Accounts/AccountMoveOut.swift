import ArgumentParser
import SettleClient
import SettleContracts
import SettleRPC

/// `settle account move-out N`: end service, mark agreements for a final bill, request final reads.
struct AccountMoveOut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move-out",
        abstract: "End service on a date (the last day), mark agreements for a final bill, request final reads.",
        discussion: "Without --premise or --service every active agreement ends and the account goes final. Exits 14 when a final read could not be requested."
    )

    @Argument(help: "Account number.")
    var number: String

    @Option(name: .long, help: "Last day of service, YYYY-MM-DD.")
    var date: String

    @Option(name: .long, help: "Only this premise.")
    var premise: String?

    @Option(name: .long, help: "Only this service type; repeat for several.")
    var service: [String] = []

    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_MoveOutRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = number
        request.date = date
        request.premiseID = premise ?? ""
        request.serviceTypes = service
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).moveOut(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        print("moved out: account \(response.account.number) on \(date), now \(response.account.status)"
            + (response.accountFinaled ? " (no active service left: final bill due)" : "")
            + "  [idempotency key \(request.idempotencyKey)]")
        Output.table(["AGREEMENT", "PREMISE", "SERVICE", "PERIOD", "STATUS"], response.agreements.map {
            ["\($0.id)", $0.premiseID, $0.serviceType, Cell.period($0.startDate, $0.endDate), $0.status]
        })
        if !AccountsFormat.printReadRequests(response.readRequests) {
            Output.error(.init(.unavailable, "a final read was not requested; run again with --idempotency-key \(request.idempotencyKey) to re-send it"))
            throw ExitCode(14)
        }
    }
}
