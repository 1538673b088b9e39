import ArgumentParser
import SettleContracts

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
