import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer show ID`: the customer with every certificate, certification and case.
struct CustomerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a customer with certificates, certifications, bankruptcy cases and accounts.")

    @Argument(help: "Customer id, e.g. C000001.")
    var id: String

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_GetCustomerRequest()
        request.customerID = id
        let customer = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).getCustomer(request, options: connection.callOptions)
        }.customer
        if connection.json {
            var response = Settle_Accounts_V1_CustomerResponse()
            response.customer = customer
            return try Output.message(response)
        }
        print("Customer \(customer.id)  \(customer.name) (\(customer.kind))")
        print("  phone \(Cell.dash(customer.contact.phone))  email \(Cell.dash(customer.contact.email))  mail \(AccountsFormat.oneLine(customer.contact.mailingAddress))")
        print("  accounts \(Cell.dash(customer.accountNumbers.joined(separator: ", ")))  flags \(Cell.dash(customer.flags.joined(separator: ", ")))")
        if !customer.taxExemptions.isEmpty {
            print("\nTAX EXEMPTIONS")
            Output.table(["ID", "TAX", "CERTIFICATE", "PERIOD", "ENDED BECAUSE"], customer.taxExemptions.map {
                ["\($0.id)", $0.taxType, $0.certificateNumber, Cell.period($0.effectiveDate, $0.expiryDate), Cell.dash($0.endedReason)]
            })
        }
        if !customer.criticalCare.isEmpty {
            print("\nCRITICAL CARE")
            Output.table(["ID", "CERTIFIED BY", "PERIOD", "NOTE"], customer.criticalCare.map {
                ["\($0.id)", $0.certifiedBy, Cell.period($0.effectiveDate, $0.expiryDate), Cell.dash($0.note)]
            })
        }
        if !customer.bankruptcyCases.isEmpty {
            print("\nBANKRUPTCY")
            Output.table(["ID", "CASE", "CHAPTER", "PETITION", "STATUS", "RESOLVED"], customer.bankruptcyCases.map {
                ["\($0.id)", $0.caseNumber, "\($0.chapter)", $0.petitionDate, $0.status, Cell.dash($0.resolvedDate)]
            })
        }
    }
}
