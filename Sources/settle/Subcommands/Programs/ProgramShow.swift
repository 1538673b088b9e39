import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program show AGREEMENT|ACCOUNT`: enrolments with their history.
struct ProgramShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "An agreement's enrolments (a number), or an account's (--account), with every step of their history.")

    @Argument(help: "Agreement number, or with --account an account number.") var id: String
    @Flag(name: .long, help: "The argument is an account number.") var account = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if !account, UInt64(id) == nil { throw ValidationError("'\(id)' is not an agreement number; use --account for an account") }
    }

    func run() async throws {
        var request = Settle_Programs_V1_GetEnrolmentsRequest()
        if account { request.accountNumber = id } else { request.agreementID = UInt64(id) ?? 0 }
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(ProgramsV1.Client.self).getEnrolments(request, options: options) }
        if connection.json { return try Output.message(response) }
        Output.table(ProgramsFormat.enrolmentHeaders, ProgramsFormat.enrolmentRows(response.enrolments))
        for enrolment in response.enrolments {
            print("\n\(enrolment.id) history")
            Output.table(["ACTION", "EFFECTIVE", "BY", "REASON", "DETAIL"], enrolment.history.map {
                [$0.action, $0.effectiveDate, $0.actor, $0.reason, $0.detail]
            })
        }
    }
}
