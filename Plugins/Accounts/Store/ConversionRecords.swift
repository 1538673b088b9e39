import GRDB
import SettleContracts
import SettleModuleSDK

/// The conversion_record table: which customer, account and agreements a legacy record's
/// external id was loaded as, so a conversion file sent twice loads each record once.
enum ConversionRecords {
    /// What an earlier call loaded for `externalID`, marked `alreadyLoaded`; nil when none did.
    static func loaded(_ externalID: String, in db: Database) throws -> Settle_Accounts_V1_LoadedAccount? {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT customer_id, account_number, agreement_ids FROM conversion_record WHERE external_id = ?", arguments: [externalID]) else {
            return nil
        }
        var loaded = Settle_Accounts_V1_LoadedAccount()
        loaded.externalID = externalID
        loaded.customerID = Identifiers.customerID(row["customer_id"])
        loaded.accountNumber = String(row["account_number"] as Int64)
        loaded.agreementIds = (row["agreement_ids"] as String).split(separator: ",").compactMap { UInt64($0) }
        loaded.alreadyLoaded = true
        return loaded
    }

    /// Records that `externalID` was loaded; `agreements` is the comma-separated agreement ids.
    static func insert(externalID: String, customer: Int64, account: Int64, agreements: String, in db: Database) throws {
        try db.executeCached(
            sql: "INSERT INTO conversion_record (external_id, customer_id, account_number, agreement_ids) VALUES (?, ?, ?, ?)",
            arguments: [externalID, customer, account, agreements])
    }
}
