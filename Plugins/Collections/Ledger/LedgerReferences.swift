import GRDB
public import SettleModuleSDK

/// What the ledger refers to in other modules: every bill charge is a bill of Rating (for
/// the same total), and every account a payment was posted to is an account of Accounts.
extension CollectionsModule: CrossModuleReferences {
    public static var crossReferences: [CrossReference] {
        [
            CrossReference(name: "settle.collections/bill-charge", role: .provides, describes: "bills charged in the ledger", keys: billCharges),
            CrossReference(name: "settle.rating/bill", role: .requires, describes: "bills charged in the ledger", keys: billCharges),
            CrossReference(name: "settle.accounts/account", role: .requires, describes: "accounts paid into", keys: paidAccounts),
        ]
    }

    /// Bill id → the sum of its charges' cents (a bill has one charge; reversals are not charges).
    @Sendable static func billCharges(_ db: Database) throws -> [String: String] {
        try LedgerStore.chargedBills(in: db).mapValues { String($0) }
    }

    /// Every account number a payment was posted to, without leading zeros.
    @Sendable static func paidAccounts(_ db: Database) throws -> [String: String] {
        var keys: [String: String] = [:]
        for number in try LedgerStore.paidAccounts(in: db) {
            keys[AccountKey.normalized(number)] = ""
        }
        return keys
    }
}

/// Account numbers as the consistency check compares them: digits without leading zeros.
enum AccountKey {
    static func normalized(_ number: String) -> String {
        guard number.allSatisfy(\.isNumber) else { return number }
        let trimmed = number.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
