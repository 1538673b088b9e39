import ArgumentParser
import SettleContracts
import SettleDomain

/// How the account-changing commands show their result.
enum AccountEditFormat {
    /// Dollars to exact cents, or a usage error naming the flag.
    static func cents(_ text: String, field: String) throws -> Int64 {
        guard let cents = Dollars.cents(text) else {
            throw ValidationError("\(field) '\(text)' is not an amount in dollars with at most two decimals, e.g. 125.00")
        }
        return cents
    }

    static func show(_ response: Settle_Accounts_V1_AccountResponse, verb: String, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try Output.message(response) }
        let account = response.account
        print("account \(account.number) \(verb): customer \(account.customerID)  \(account.status)  cycle \(account.billCycle)  deposit \(Dollars.signed(account.depositCents))  [idempotency key \(key)]")
        Output.table(["NUMBER", "CUSTOMER", "STATUS", "CYCLE", "MAILED TO", "OPENED", "FINAL", "CLOSED"], [[
            account.number, account.customerID, account.status, "\(account.billCycle)", AccountsFormat.oneLine(account.mailingAddress),
            account.openedDate, Cell.dash(account.finalDate), Cell.dash(account.closedDate),
        ]])
    }
}
