import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle account show N`: everything a specialist needs about one account on one screen.
struct AccountShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One screen for an account: customer, contact, service, protections, alerts, recent activity."
    )

    @Argument(help: "Account number, e.g. 100001.")
    var number: String

    @Option(name: .long, help: "Judge certificates on this date (YYYY-MM-DD; default today in the utility's time zone).")
    var asOf: String?

    @Option(name: .long, help: "How many recent audit records to show (default 20, at most 200).")
    var activity: UInt32 = 20

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_GetAccountSummaryRequest()
        request.accountNumber = number
        request.asOf = asOf ?? ""
        request.activityLimit = activity
        let summary = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).getAccountSummary(request, options: connection.callOptions)
        }
        if connection.json { return try Output.message(summary) }
        AccountSummaryScreen(summary: summary).print()
    }
}

/// The text layout of an account summary.
struct AccountSummaryScreen {
    let summary: Settle_Accounts_V1_GetAccountSummaryResponse

    func print() {
        let account = summary.account
        let customer = summary.customer
        Swift.print("Account \(account.number)  \(account.status.uppercased())  cycle \(account.billCycle)  opened \(account.openedDate)"
            + (account.finalDate.isEmpty ? "" : "  final \(account.finalDate)")
            + (account.closedDate.isEmpty ? "" : "  closed \(account.closedDate)"))
        Swift.print("Customer \(customer.id)  \(customer.name) (\(customer.kind))"
            + (customer.accountNumbers.count > 1 ? "  accounts: \(customer.accountNumbers.joined(separator: ", "))" : ""))
        Swift.print("  phone \(Cell.dash(customer.contact.phone))  email \(Cell.dash(customer.contact.email))")
        Swift.print("  bills mailed to \(AccountsFormat.oneLine(account.mailingAddress))")
        Swift.print("  deposit \(Dollars.signed(account.depositCents))" + (customer.flags.isEmpty ? "" : "  flags: \(customer.flags.joined(separator: ", "))"))
        Swift.print("As of \(summary.asOf)")

        if !summary.alerts.isEmpty {
            Swift.print("\nALERTS")
            for alert in summary.alerts { Swift.print("  ! \(alert)") }
        }

        Swift.print("\nSERVICE")
        let rows = summary.premises.flatMap { entry in
            entry.agreements.map { agreement in
                [entry.premise.id, AccountsFormat.oneLine(entry.premise.serviceAddress), entry.premise.weatherZone, "\(agreement.id)",
                 agreement.serviceType, agreement.rateSchedule, agreement.rateClass, Cell.period(agreement.startDate, agreement.endDate), agreement.status]
            }
        }
        if rows.isEmpty {
            Swift.print("  no service agreements")
        } else {
            Output.table(["PREMISE", "SERVICE ADDRESS", "ZONE", "AGREEMENT", "SERVICE", "RATE", "CLASS", "PERIOD", "STATUS"], rows)
        }

        Swift.print("\nPROTECTIONS AND EXEMPTIONS")
        if summary.criticalCareInForce.isEmpty {
            Swift.print("  critical care: none in force")
        }
        for care in summary.criticalCareInForce {
            Swift.print("  critical care: certified by \(care.certifiedBy), \(Cell.period(care.effectiveDate, care.expiryDate))")
        }
        if summary.exemptionsInForce.isEmpty {
            Swift.print("  tax exemptions: none in force")
        }
        for exemption in summary.exemptionsInForce {
            Swift.print("  \(exemption.taxType) exempt: certificate \(exemption.certificateNumber), \(Cell.period(exemption.effectiveDate, exemption.expiryDate))")
        }
        if summary.openBankruptcyCases.isEmpty {
            Swift.print("  bankruptcy: no open case")
        }
        for bankruptcy in summary.openBankruptcyCases {
            Swift.print("  bankruptcy: chapter \(bankruptcy.chapter) case \(bankruptcy.caseNumber), petition \(bankruptcy.petitionDate)"
                + (bankruptcy.court.isEmpty ? "" : ", \(bankruptcy.court)"))
        }

        if !summary.recentActivity.isEmpty {
            Swift.print("\nRECENT ACTIVITY")
            Output.table(["SEQ", "AT (UTC)", "ACTOR", "WHAT", "ENTITY", "REASON"], summary.recentActivity.map {
                ["\($0.sequence)", $0.at, $0.actor, $0.method, $0.entity, Cell.dash($0.reason)]
            })
        }
    }
}
