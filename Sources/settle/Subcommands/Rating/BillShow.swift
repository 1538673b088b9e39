import ArgumentParser
import SettleContracts

/// `settle bill show ID [--json | --html]`.
struct BillShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A bill as the customer reads it: text, JSON or HTML.")

    @Argument(help: "Bill id, e.g. B-2024-05-C05-0000123.") var id: String
    @Flag(name: .long, help: "Print an HTML page.") var html = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_GetBillRequest()
        request.billID = id
        let options = connection.callOptions
        let bill = try await connection.withClient { try await $0.client(RatingV1.Client.self).getBill(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(bill) }
        print(html ? BillDocument.html(bill) : BillDocument.text(bill))
    }
}

/// `settle bill list --cycle N --period YYYY-MM [--status held]`.
struct BillList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Bills of a cycle and period, e.g. the held ones with their reasons.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @Option(name: .long, help: "issued, held or cancelled.") var status: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_ListBillsRequest()
        request.cycle = cycle
        request.period = period
        request.status = status ?? ""
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).listBills(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        Output.table(["BILL", "ACCOUNT", "TARIFF", "STATUS", "TOTAL", "REASONS"], response.bills.map {
            [$0.id, $0.accountNumber, $0.tariffCode, $0.status, RatingFormat.dollars($0.rated.totalCents), $0.holdReasons.joined(separator: "; ")]
        })
    }
}

/// `settle bill release ID --reason TEXT`.
struct BillRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Issue a held bill after review (posts its charge).")

    @Argument(help: "Bill id.") var id: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_BillActionRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.billID = id
        request.reason = mutation.reason ?? ""
        let options = mutation.callOptions(connection)
        let bill = try await connection.withClient { try await $0.client(RatingV1.Client.self).releaseBill(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(bill) }
        print("\(bill.id) is \(bill.status)\(bill.posted ? ", posted" : "")")
    }
}

/// `settle bill cancel ID --reason TEXT [--rebill]`.
struct BillCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a held or issued bill (reversing its charge); --rebill issues a new one.")

    @Argument(help: "Bill id.") var id: String
    @Flag(name: .long, help: "Rate the period again as it stands now (reads, exemptions) under the tariff in force and issue a new bill.") var rebill = false
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_BillActionRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.billID = id
        request.reason = mutation.reason ?? ""
        request.rebill = rebill
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).cancelBill(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        print("\(response.cancelled.id) cancelled; reversed \(RatingFormat.dollars(response.reversedCents))")
        if response.hasRebill { print("\(response.rebill.id) issued: \(RatingFormat.dollars(response.rebill.rated.totalCents))") }
    }
}

/// `settle bill register --cycle N --period YYYY-MM`.
struct BillRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "The billing register of a cycle and period.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_GetBillRegisterRequest()
        request.cycle = cycle
        request.period = period
        let options = connection.callOptions
        let register = try await connection.withClient { try await $0.client(RatingV1.Client.self).getBillRegister(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(register) }
        print("cycle \(cycle), \(period): \(register.agreements) in cycle; billed \(register.billed), held \(register.held), skipped \(register.skipped), cancelled \(register.cancelled)")
        print("issued \(RatingFormat.dollars(register.issuedCents)) (posted \(RatingFormat.dollars(register.postedCents))), held \(RatingFormat.dollars(register.heldCents))")
        Output.table(["RATE CLASS", "COMPONENT", "BILLS", "KWH", "AMOUNT"], register.lines.map {
            [$0.rateClass, $0.component.isEmpty ? "total" : $0.component, $0.component.isEmpty ? "\($0.bills)" : "", $0.component.isEmpty ? "\($0.deliveredWh / 1_000)" : "", RatingFormat.dollars($0.amountCents)]
        })
        if !register.skips.isEmpty {
            print("\nskipped")
            Output.table(["AGREEMENT", "ACCOUNT", "REASON"], register.skips.map { ["\($0.agreementID)", $0.accountNumber, $0.reason] })
        }
    }
}

/// `settle tariff shadow CODE@VERSION --cycle N --period YYYY-MM`.
struct TariffShadow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shadow", abstract: "Re-rate a past cycle under a candidate version; issues nothing.")

    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_ShadowBillRequest()
        request.code = reference.code
        request.version = reference.version
        request.cycle = cycle
        request.period = period
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).shadowBill(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        Output.table(["ACCOUNT", "BILL", "CURRENT", "CANDIDATE", "DIFFERENCE", "PROBLEM"], response.differences.map {
            [$0.accountNumber, $0.billID, RatingFormat.dollars($0.currentCents), RatingFormat.dollars($0.candidateCents), RatingFormat.dollars($0.differenceCents), $0.problem]
        })
        print("")
        Output.table(["RATE CLASS", "BILLS", "CURRENT", "CANDIDATE", "DIFFERENCE", "%"], response.impact.map {
            [$0.rateClass, "\($0.bills)", RatingFormat.dollars($0.currentCents), RatingFormat.dollars($0.candidateCents), RatingFormat.dollars($0.differenceCents), $0.percent]
        })
    }
}
