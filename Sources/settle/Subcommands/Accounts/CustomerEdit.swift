import ArgumentParser
import SettleContracts

/// One line for a customer after a change.
enum CustomerEditFormat {
    static func show(_ response: Settle_Accounts_V1_CustomerResponse, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try Output.message(response) }
        let customer = response.customer
        print("customer \(customer.id) \(customer.name) (\(customer.kind))  [idempotency key \(key)]")
        print("  phone \(Cell.dash(customer.contact.phone))  email \(Cell.dash(customer.contact.email))  mail \(AccountsFormat.oneLine(customer.contact.mailingAddress))")
        print("  flags \(Cell.dash(customer.flags.joined(separator: ", ")))")
    }
}
