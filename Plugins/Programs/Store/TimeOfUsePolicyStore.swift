import GRDB
import SettleContracts
import SettleModuleSDK

/// The time-of-use policy's row in `program_policy` (beside winter averaging's).
enum TimeOfUsePolicyStore {
    private static let policyRow = MessageRow<Settle_Programs_V1_TimeOfUsePolicy>(table: "program_policy", keyColumn: "name", key: "tou")

    static func policy(in db: Database) throws -> Settle_Programs_V1_TimeOfUsePolicy {
        try policyRow.load(in: db, defaults: TimeOfUsePolicyRules.defaults)
    }

    static func save(_ policy: Settle_Programs_V1_TimeOfUsePolicy, in db: Database) throws {
        try policyRow.save(policy, in: db)
    }
}
