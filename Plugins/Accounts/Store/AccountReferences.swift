import GRDB
public import SettleModuleSDK

/// What Accounts holds that other modules refer to: its account numbers.
extension AccountsModule: CrossModuleReferences {
    public static var crossReferences: [CrossReference] {
        [CrossReference(name: "settle.accounts/account", role: .provides, describes: "accounts", keys: accountNumbers)]
    }

    @Sendable static func accountNumbers(_ db: Database) throws -> [String: String] {
        var keys: [String: String] = [:]
        let numbers = try Int64.fetchCursor(db, sql: "SELECT number FROM account")
        while let number = try numbers.next() { keys[String(number)] = "" }
        return keys
    }
}
