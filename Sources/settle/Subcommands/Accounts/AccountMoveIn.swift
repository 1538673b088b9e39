import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle account move-in`: start service at a premise, opening an account when needed.
struct AccountMoveIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move-in",
        abstract: "Start service at a premise on a date, and request start reads.",
        discussion: """
            Either --account N (an existing active account) or --customer ID --cycle N (opens a new one).
            Each --service is TYPE:RATE_SCHEDULE:RATE_CLASS, e.g. electric:RES-1:residential.
            Exits 14 when the move is saved but a start read could not be requested; repeat with the printed key.
            """
    )

    @Option(name: .long, help: "Premise id.")
    var premise: String

    @Option(name: .long, help: "First day of service, YYYY-MM-DD.")
    var date: String

    @Option(name: .long, help: "TYPE:RATE_SCHEDULE:RATE_CLASS; repeat for several services.")
    var service: [String] = []

    @Option(name: .long, help: "Existing account number.")
    var account: String?

    @Option(name: .long, help: "Customer id, to open a new account.")
    var customer: String?

    @Option(name: .long, help: "Bill cycle 1–20 of a new account.")
    var cycle: UInt32?

    @Option(name: .long, help: "Deposit of a new account in dollars, e.g. 125.00.")
    var deposit: String?


    @OptionGroup var mail: MailingAddressOptions
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if service.isEmpty { throw ValidationError("give at least one --service TYPE:RATE_SCHEDULE:RATE_CLASS") }
        _ = try service.map(Self.parseService)
        _ = try depositCents()
    }

    func run() async throws {
        var request = Settle_Accounts_V1_MoveInRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.premiseID = premise
        request.date = date
        request.services = try service.map(Self.parseService)
        request.accountNumber = account ?? ""
        request.customerID = customer ?? ""
        request.billCycle = cycle ?? 0
        request.depositCents = try depositCents()
        if let address = mail.address {
            request.mailingAddress = address
        }
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).moveIn(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        print("moved in: account \(response.account.number)" + (response.accountOpened ? " (opened)" : "")
            + " at \(premise) on \(date)  [idempotency key \(request.idempotencyKey)]")
        Output.table(["AGREEMENT", "SERVICE", "RATE", "CLASS", "START", "STATUS"], response.agreements.map {
            ["\($0.id)", $0.serviceType, $0.rateSchedule, $0.rateClass, $0.startDate, $0.status]
        })
        if !AccountsFormat.printReadRequests(response.readRequests) {
            Output.error(.init(.unavailable, "a start read was not requested; run again with --idempotency-key \(request.idempotencyKey) to re-send it"))
            throw ExitCode(14)
        }
    }

    /// The deposit in exact cents (0 when not given).
    func depositCents() throws -> Int64 {
        guard let deposit else { return 0 }
        guard let cents = Dollars.cents(deposit) else {
            throw ValidationError("--deposit '\(deposit)' is not an amount in dollars like 125.00")
        }
        return cents
    }

    /// `electric:RES-1:residential` → a service request.
    static func parseService(_ text: String) throws -> Settle_Accounts_V1_ServiceRequest {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--service '\(text)' must be TYPE:RATE_SCHEDULE:RATE_CLASS, e.g. electric:RES-1:residential")
        }
        var service = Settle_Accounts_V1_ServiceRequest()
        service.serviceType = parts[0]
        service.rateSchedule = parts[1]
        service.rateClass = parts[2]
        return service
    }
}
