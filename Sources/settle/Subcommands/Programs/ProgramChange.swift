import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program change ENROLMENT --from D --reason T [--member N …] [--demand-method M]`:
/// a totalized group gains or loses a member, or changes how its demand is combined, from a
/// date; the step joins the enrolment's history with the reason.
struct ProgramChange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Change an enrolment's members or demand method from a date (recorded in its history).")

    @Argument(help: "Enrolment id, e.g. E000001.") var enrolment: String
    @Option(name: .long, help: "First day the change is in force, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "A member agreement of the totalized group from then on (repeatable; the whole new list). None: members kept.")
    var member: [UInt64] = []
    @Option(name: .long, help: "The new demand method, coincident or non_coincident (default: kept).") var demandMethod: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard mutation.reason?.isEmpty == false else { throw ValidationError("--reason is required: a change to an enrolment is audited with its reason") }
        guard !member.isEmpty || demandMethod != nil else { throw ValidationError("give --member or --demand-method: nothing to change") }
    }

    func run() async throws {
        var request = Settle_Programs_V1_ChangeEnrolmentRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.enrolmentID = enrolment
        request.memberAgreementIds = member
        request.demandMethod = demandMethod ?? ""
        request.effectiveDate = from
        request.reason = mutation.reason ?? ""
        let changed = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).changeEnrolment(request, options: $1) }
        if connection.json { return try Output.message(changed) }
        print("changed \(changed.id) from \(from)  [idempotency key \(request.idempotencyKey)]")
        Output.table(ProgramsFormat.enrolmentHeaders, ProgramsFormat.enrolmentRows([changed]))
    }
}
