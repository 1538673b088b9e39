import ArgumentParser
import SettleClient
import SettleContracts

/// `settle program tou-policy [--minimum-stay-months N] [--re-enrol-wait-months N] --reason
/// TEXT`: shows time of use's policy, or changes the fields given (a supervisor's change).
struct ProgramTouPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tou-policy", abstract: "Show the time-of-use policy (minimum stay, re-enrolment wait), or change the fields given.")

    @Option(name: .long, help: "Months an enrolment stays in force before the customer may leave (0–60).") var minimumStayMonths: UInt32?
    @Option(name: .long, help: "Months after an enrolment ends before the agreement may enrol again (0–60).") var reEnrolWaitMonths: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = mutation.callOptions(connection)
        let policy = try await connection.withClient { client in
            let programs = client.client(ProgramsV1.Client.self)
            guard minimumStayMonths != nil || reEnrolWaitMonths != nil else { return try await programs.getTimeOfUsePolicy(.init(), options: options) }
            var request = Settle_Programs_V1_SetTimeOfUsePolicyRequest()
            request.idempotencyKey = mutation.resolvedKey()
            if let minimumStayMonths { request.policy.minimumStayMonths = minimumStayMonths }
            if let reEnrolWaitMonths { request.policy.reEnrolWaitMonths = reEnrolWaitMonths }
            request.reason = mutation.reason ?? ""
            return try await programs.setTimeOfUsePolicy(request, options: options)
        }
        if connection.json { return try Output.message(policy) }
        Output.table(["SETTING", "VALUE"], [
            ["minimum stay", "\(policy.minimumStayMonths) months"],
            ["re-enrolment wait", "\(policy.reEnrolWaitMonths) months"],
        ])
    }
}
