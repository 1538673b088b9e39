import ArgumentParser
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
    @Option(name: .long, help: "Mailing address line 1.") var mailLine1: String?
    @Option(name: .long) var mailLine2: String?
    @Option(name: .long) var mailCity: String?
    @Option(name: .long) var mailState: String?
    @Option(name: .long) var mailZip: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_UpdateCustomerRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = id
        if let name { request.name = name }
        if let kind { request.kind = kind }
        let changesContact = phone != nil || email != nil || [mailLine1, mailLine2, mailCity, mailState, mailZip].contains { $0 != nil }
        let options = mutation.callOptions(connection)
        let (phone, email) = (self.phone, self.email)
        let mail = (mailLine1, mailLine2, mailCity, mailState, mailZip)
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
                contact.mailingAddress = AccountsFormat.merged(contact.mailingAddress, line1: mail.0, line2: mail.1, city: mail.2, state: mail.3, zip: mail.4)
                request.contact = contact
            }
            return try await accounts.updateCustomer(request, options: options)
        }
        try CustomerEditFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

/// `settle customer flags ID --add F --remove F`: the free flags a utility puts on customers
/// (e.g. `no-phone-calls`), shown on the account screen.
struct CustomerFlags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flags", abstract: "Add or remove a customer's free flags.")

    @Argument(help: "Customer id, e.g. C000001.") var id: String
    @Option(name: .long, help: "A flag to add (repeatable).") var add: [String] = []
    @Option(name: .long, help: "A flag to remove (repeatable).") var remove: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard !add.isEmpty || !remove.isEmpty else { throw ValidationError("give at least one --add or --remove flag") }
    }

    func run() async throws {
        var request = Settle_Accounts_V1_SetCustomerFlagsRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = id
        request.add = add
        request.remove = remove
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).setCustomerFlags(request, options: options) }
        try CustomerEditFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

/// One line for a customer after a change.
enum CustomerEditFormat {
    static func show(_ response: Settle_Accounts_V1_CustomerResponse, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try AccountsFormat.printJSON(response) }
        let f = AccountsFormat.self
        let customer = response.customer
        print("customer \(customer.id) \(customer.name) (\(customer.kind))  [idempotency key \(key)]")
        print("  phone \(f.dash(customer.contact.phone))  email \(f.dash(customer.contact.email))  mail \(f.oneLine(customer.contact.mailingAddress))")
        print("  flags \(f.dash(customer.flags.joined(separator: ", ")))")
    }
}
