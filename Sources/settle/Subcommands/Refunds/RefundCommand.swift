import ArgumentParser
import SettleContracts
import SettleRPC

/// `settle refund …`: refund and credit requests, their approval and disbursement.
struct RefundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund",
        abstract: "Request refunds Settle computes (credit_balance, deposit, billing_error, tax_exempt, bankruptcy_discharge), review, approve, reject, void and reissue them, and pay them in disbursement batches.",
        subcommands: [RefundRequestCommand.self, RefundShow.self, RefundList.self, RefundDecide.Approve.self, RefundDecide.Reject.self,
                      RefundDecide.Void.self, RefundDecide.Reissue.self, RefundDecide.Submit.self, RefundReturn.self, RefundBank.self, RefundBatchCommand.self])
}

/// `settle refund request --kind K --account N [--date D] [--bill B] [--keep-as-credit] [--tax-type T] [--case C] [--draft]`.
struct RefundRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "request", abstract: "Compute a refund from its sources and submit it (or keep it a draft).")

    @Option(name: .long, help: "credit_balance, deposit, billing_error, tax_exempt or bankruptcy_discharge.") var kind: String
    @Option(name: .long, help: "The account.") var account: String
    @Option(name: .long, help: "The day the calculation is for, YYYY-MM-DD (default today).") var date: String?
    @Option(name: .long, help: "billing_error: the cancelled bill.") var bill: String?
    @Flag(name: .long, help: "billing_error: the customer keeps the difference as credit.") var keepAsCredit = false
    @Option(name: .long, help: "tax_exempt: the tax type, e.g. sales-tax.") var taxType: String?
    @Option(name: .customLong("case"), help: "bankruptcy_discharge: the case number.") var caseNumber: String?
    @Option(name: .long, help: "A note for the reviewer (repeatable).") var note: [String] = []
    @Flag(name: .long, help: "Keep it a draft (settle refund submit later).") var draft = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_RequestRefundRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.kind = kind
        request.accountNumber = account
        request.refundDate = date ?? ""
        request.billID = bill ?? ""
        request.keepAsCredit = keepAsCredit
        request.taxType = taxType ?? ""
        request.caseNumber = caseNumber ?? ""
        request.notes = note
        request.draft = draft
        request.reason = mutation.reason ?? ""
        let options = mutation.callOptions(connection)
        let refund = try await connection.withClient { try await $0.client(RefundsV1.Client.self).requestRefund(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(refund) }
        RefundsFormat.review(refund)
        print("\nidempotency key: \(request.idempotencyKey)")
    }
}

/// `settle refund show R000001`: the calculation as a person reviews it.
struct RefundShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A refund with every input of its calculation, where each came from, and its history.")

    @Argument(help: "Refund id, e.g. R000001.") var id: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = connection.callOptions
        let refund = try await connection.withClient { try await $0.client(RefundsV1.Client.self).getRefund(.with { $0.refundID = id }, options: options) }
        if connection.json { return try AccountsFormat.printJSON(refund) }
        RefundsFormat.review(refund)
    }
}

/// `settle refund list [--status S] [--kind K] [--account N] [--csv]`.
struct RefundList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Refund requests, every page, with their total.")

    @Option(name: .long, help: "draft, submitted, approved, disbursed, rejected, voided, reissued, adjusted, credited or written_off.") var status: String?
    @Option(name: .long, help: "Only this kind.") var kind: String?
    @Option(name: .long, help: "Only this account.") var account: String?
    @Flag(name: .long, help: "Print CSV.") var csv = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_ListRefundsRequest()
        request.status = status ?? ""
        request.kind = kind ?? ""
        request.accountNumber = account ?? ""
        request.pageSize = 5_000
        let options = connection.callOptions
        let all = try await connection.withClient { client in
            var all: [Settle_Refunds_V1_RefundRequest] = []
            while true {
                let page = try await client.client(RefundsV1.Client.self).listRefunds(request, options: options)
                all += page.refunds
                guard !page.nextPageToken.isEmpty else { return all }
                request.pageToken = page.nextPageToken
            }
        }
        var response = Settle_Refunds_V1_ListRefundsResponse()
        response.refunds = all
        response.totalCents = all.reduce(0) { $0 + $1.amountCents }
        if connection.json { return try AccountsFormat.printJSON(response) }
        if csv { return RefundsFormat.printCSV(RefundsFormat.refundHeaders, RefundsFormat.refundRows(all)) }
        Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows(all))
        print("\n\(all.count) refund(s), \(RefundsFormat.dollars(response.totalCents))")
    }
}

/// `settle refund approve|reject|void|reissue|submit R000001 [--reason TEXT]`.
enum RefundDecide {
    struct Options: ParsableArguments {
        @Argument(help: "Refund id, e.g. R000001.") var id: String
        @OptionGroup var mutation: MutationOptions
        @OptionGroup var connection: ConnectionOptions

        func request(_ action: String) -> Settle_Refunds_V1_DecideRefundRequest {
            var request = Settle_Refunds_V1_DecideRefundRequest()
            // Repeating the command changes nothing twice: the key is made of the id and action.
            request.idempotencyKey = mutation.idempotencyKey ?? "\(action)-\(id)"
            request.refundID = id
            request.reason = mutation.reason ?? ""
            return request
        }

        func send(_ action: String, _ call: @escaping @Sendable (RefundsV1.Client, Settle_Refunds_V1_DecideRefundRequest, CallOptions) async throws -> Settle_Refunds_V1_RefundRequest) async throws {
            let request = request(action)
            let options = mutation.callOptions(connection)
            let refund = try await connection.withClient { try await call($0.client(RefundsV1.Client.self), request, options) }
            if connection.json { return try AccountsFormat.printJSON(refund) }
            Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows([refund]))
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a submitted refund (never your own; above the threshold, a supervisor).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("approve") { try await $0.approveRefund($1, options: $2) } }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a refund; --reason says why and is kept.")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a rejection says why") } }
        func run() async throws { try await options.send("reject") { try await $0.rejectRefund($1, options: $2) } }
    }

    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "Void an approved refund, or a paid one (its refund entry is reversed and the credit re-opened).")
        @OptionGroup var options: Options
        func validate() throws { if options.mutation.reason?.isEmpty != false { throw ValidationError("--reason is required: a void says why") } }
        func run() async throws { try await options.send("void") { try await $0.voidRefund($1, options: $2) } }
    }

    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reissue", abstract: "Request a voided refund again (approved again before it is paid).")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("reissue") { try await $0.reissueRefund($1, options: $2) } }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit a draft for approval.")
        @OptionGroup var options: Options
        func run() async throws { try await options.send("submit") { try await $0.submitRefund($1, options: $2) } }
    }
}

/// `settle refund return R000001 --code R01|uncashed [--date D]`.
struct RefundReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "A returned ACH entry (R01…R85) or an uncashed check: void the payment and re-open the credit.")

    @Argument(help: "Refund id.") var id: String
    @Option(name: .long, help: "The ACH return reason code, or uncashed.") var code: String
    @Option(name: .long, help: "YYYY-MM-DD (default today).") var date: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_ReturnDisbursementRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "return-\(id)-\(code)"
        request.refundID = id
        request.returnCode = code
        request.returnDate = date ?? ""
        request.reason = mutation.reason ?? ""
        let options = mutation.callOptions(connection)
        let refund = try await connection.withClient { try await $0.client(RefundsV1.Client.self).returnDisbursement(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(refund) }
        Output.table(RefundsFormat.refundHeaders, RefundsFormat.refundRows([refund]))
    }
}

/// `settle refund bank --account N --routing R --bank-account A [--type checking|savings]`.
struct RefundBank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bank", abstract: "An account's bank details for ACH refunds.")

    @Option(name: .long) var account: String
    @Option(name: .long, help: "9-digit routing number.") var routing: String
    @Option(name: .long, help: "The customer's bank account number.") var bankAccount: String
    @Option(name: .long, help: "checking or savings.") var type: String = "checking"
    @Option(name: .long, help: "Payee name (default the customer's).") var name: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Refunds_V1_SetPayeeBankRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.bank = .with { $0.accountNumber = account; $0.routingNumber = routing; $0.bankAccount = bankAccount; $0.accountType = type; $0.name = name ?? "" }
        let options = mutation.callOptions(connection)
        let bank = try await connection.withClient { try await $0.client(RefundsV1.Client.self).setPayeeBank(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(bank) }
        Output.table(["ACCOUNT", "NAME", "ROUTING", "BANK ACCOUNT", "TYPE"], [[bank.accountNumber, bank.name, bank.routingNumber, bank.bankAccount, bank.accountType]])
    }
}
