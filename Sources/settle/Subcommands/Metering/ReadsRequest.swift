import ArgumentParser
import SettleClient
import SettleContracts

/// `settle reads request --premise P --service S --date D --kind start|final --reason TEXT`.
struct ReadsRequest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Order a start or final read of a premise's meters for a date (move-in and move-out order them themselves).")

    @Option(name: .long, help: "Premise id.") var premise: String
    @Option(name: .long, help: "electric, water, wastewater or solid_waste (default electric).") var service = "electric"
    @Option(name: .long, help: "The local date the read is for, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "start or final.") var kind: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_RequestServiceReadRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.premiseID = premise
        request.serviceType = service
        request.date = date
        request.kind = kind
        request.reason = mutation.reason ?? ""
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).requestServiceRead(request, options: $1) }
        if connection.json { return try Output.message(response) }
        Output.table(["REQUEST", "METER"], zip(response.readRequestIds, response.meterSerials).map { [$0, $1.isEmpty ? "(premise)" : $1] })
        if !response.note.isEmpty { print(response.note) }
    }
}
