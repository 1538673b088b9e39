import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer tax-exemption check ID --tax T --date D`: whether a tax is billed to the
/// customer on a day, and by which certificate it is not: what a specialist answers when a
/// customer asks why a tax is (or is not) on a bill.
struct CustomerTaxExemptionCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Is the customer exempt from a tax on a date, and by which certificate?")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "The tax, lower-case kebab, e.g. sales-tax.") var tax: String
    @Option(name: .long, help: "The day, YYYY-MM-DD.") var date: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_CheckTaxExemptionRequest()
        request.customerID = customer
        request.taxType = tax
        request.date = date
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).checkTaxExemption(request, options: connection.callOptions) }
        if connection.json { return try Output.message(response) }
        guard response.exempt else { return print("customer \(customer) is not exempt from \(tax) on \(date)") }
        let certificate = response.certificate
        print("customer \(customer) is exempt from \(tax) on \(date)")
        Output.table(["EXEMPTION", "CERTIFICATE", "FROM", "TO"], [[
            "\(certificate.id)", certificate.certificateNumber, certificate.effectiveDate, Cell.dash(certificate.expiryDate),
        ]])
    }
}
