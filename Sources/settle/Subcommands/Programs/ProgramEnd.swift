import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program end ENROLMENT [--date D] --reason TEXT`.
struct ProgramEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End an enrolment on a date (its last day in force).")

    @Argument(help: "Enrolment id, e.g. E000001.") var enrolment: String
    @Option(name: .long, help: "Last day in force, YYYY-MM-DD (default today).") var date: String?
    @Flag(name: .long, help: "TOU: override the minimum stay (a supervisor; the reason says why).") var override = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard mutation.reason?.isEmpty == false else { throw ValidationError("--reason is required: ending an enrolment is audited with its reason") }
    }

    func run() async throws {
        var request = Settle_Programs_V1_EndEnrolmentRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.enrolmentID = enrolment
        request.endDate = date ?? ""
        request.overridePolicy = override
        request.reason = mutation.reason ?? ""
        let ended = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).endEnrolment(request, options: $1) }
        if connection.json { return try Output.message(ended) }
        Output.table(ProgramsFormat.enrolmentHeaders, ProgramsFormat.enrolmentRows([ended]))
    }
}
