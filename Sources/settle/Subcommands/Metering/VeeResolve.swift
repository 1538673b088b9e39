import ArgumentParser
import SettleClient
import SettleContracts

/// `settle vee resolve ID --action accept|edit|estimate|reread --reason "…"`.
struct VeeResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Decide an exception: accept it, edit the read (--value), estimate it (--method), or request a re-read.")

    @Argument(help: "Exception id, e.g. VX12.") var id: String
    @Option(name: .long, help: "accept, edit, estimate or reread.") var action: String
    @Option(name: .long, help: "For edit: the register value the read should have.") var value: Int64?
    @Option(name: .long, help: "For estimate: auto, last_year or average_daily.") var method = "auto"
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if action == "edit", value == nil { throw ValidationError("edit needs --value") }
        if (mutation.reason ?? "").isEmpty { throw ValidationError("--reason is required: it goes into the audit trail") }
    }

    func run() async throws {
        var request = Settle_Metering_V1_ResolveVeeExceptionRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.exceptionID = id
        request.action = action
        request.reason = mutation.reason ?? ""
        request.correctedValue = value ?? 0
        request.method = method
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).resolveVeeException(request, options: $1) }
        if connection.json { return try Output.message(response) }
        print("\(response.exception.id) \(response.exception.type): \(response.exception.status) — \(response.exception.resolution)")
        if response.hasRead {
            print("read \(response.read.meterSerial) \(response.read.readDate): \(response.read.value) (\(MeteringFormat.kindName(response.read.kind)))")
        }
    }
}
