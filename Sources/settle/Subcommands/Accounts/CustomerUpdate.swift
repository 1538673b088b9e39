import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer update ID`: corrects a customer's name, kind or contact. Only the fields
/// given change: the command reads the contact first, because the contract replaces it whole.
struct CustomerUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a customer's name, kind or contact (only the fields given change).")

    @Argument(help: "Customer id, e.g. C000001.") var id: String
    @Option(name: .long, help: "The new name.") var name: String?
    @Option(name: .long, help: "person or organisation.") var kind: String?
    @Option(name: .long) var phone: String?
    @Option(name: .long) var email: String?
    @OptionGroup var mail: MailingAddressOptions
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_UpdateCustomerRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = id
        if let name { request.name = name }
        if let kind { request.kind = kind }
        let changesContact = phone != nil || email != nil || mail.isGiven
        let options = mutation.callOptions(connection)
        let (phone, email) = (self.phone, self.email)
        let response = try await connection.withClient { client in
            let accounts = client.client(AccountsV1.Client.self)
            var request = request
            if changesContact {
                // The contract replaces the contact whole; keep what the flags do not change.
                var get = Settle_Accounts_V1_GetCustomerRequest()
                get.customerID = request.customerID
                var contact = try await accounts.getCustomer(get, options: connection.callOptions).customer.contact
                if let phone { contact.phone = phone }
                if let email { contact.email = email }
                contact.mailingAddress = mail.merged(into: contact.mailingAddress)
                request.contact = contact
            }
            return try await accounts.updateCustomer(request, options: options)
        }
        try CustomerEditFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}
