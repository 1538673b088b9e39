import Foundation
import GRDB
import SettleContracts
import SwiftProtobuf

/// The time-of-use policy's row in `program_policy` (beside winter averaging's).
enum TimeOfUsePolicyStore {
    static func policy(in db: Database) throws -> Settle_Programs_V1_TimeOfUsePolicy {
        guard let body = try Data.fetchOne(db, sql: "SELECT body FROM program_policy WHERE name = 'tou'") else { return TimeOfUsePolicyRules.defaults }
        return try Settle_Programs_V1_TimeOfUsePolicy(serializedBytes: Array(body))
    }

    static func save(_ policy: Settle_Programs_V1_TimeOfUsePolicy, in db: Database) throws {
        let body: [UInt8] = try policy.serializedBytes()
        try db.execute(sql: "INSERT INTO program_policy (name, body) VALUES ('tou', ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body",
                       arguments: [Data(body)])
    }
}
