import ArgumentParser
import SettleClient
import SettleContracts

/// `settle customer add`: a new customer with contact details.
struct CustomerAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a customer (a person or an organisation).")

    @Option(name: .long, help: "Full name or organisation name.")
    var name: String

    @Option(name: .long, help: "person or organisation.")
    var kind: String = "person"

    @Option(name: .long, help: "Phone number.")
    var phone: String?

    @Option(name: .long, help: "Email address.")
    var email: String?


    @Option(name: .long, help: "A free flag such as do-not-call; repeat for several.")
    var flag: [String] = []

    @OptionGroup var mail: MailingAddressOptions
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_CreateCustomerRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.name = name
        request.kind = kind
        request.contact.phone = phone ?? ""
        request.contact.email = email ?? ""
        if let address = mail.address {
            request.contact.mailingAddress = address
        }
        request.flags = flag
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            try await client.client(AccountsV1.Client.self).createCustomer(request, options: options)
        }
        if connection.json { return try Output.message(response) }
        print("customer \(response.customer.id) \(response.customer.name) (\(response.customer.kind))  [idempotency key \(request.idempotencyKey)]")
    }
}
