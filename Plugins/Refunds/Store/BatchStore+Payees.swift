import Foundation
import GRDB
import SettleModuleSDK
import SettleContracts
import SwiftProtobuf

/// What a batch's NACHA file is rendered from later: the bank details each ACH item paid
/// to and the originator policy, as they were when the batch was created.
extension BatchStore {
    /// The prepared insert of a batch's payee, run once per ACH item with its arguments
    /// by position: batch id, refund id, routing number, bank account, account type.
    static func payeeInsert(in db: Database) throws -> Statement {
        try db.cachedStatement(sql: "INSERT INTO batch_payee (batch_id, refund_id, routing_number, bank_account, account_type) VALUES (?, ?, ?, ?, ?)")
    }

    /// A batch's payees' bank details by refund id.
    static func payees(batchID: String, in db: Database) throws -> [String: (routing: String, account: String, type: String)] {
        var banks: [String: (routing: String, account: String, type: String)] = [:]
        for row in try Row.fetchAllCached(db, sql: "SELECT refund_id, routing_number, bank_account, account_type FROM batch_payee WHERE batch_id = ?", arguments: [batchID]) {
            banks[row[0]] = (row[1], row[2], row[3])
        }
        return banks
    }

    static func saveOriginator(_ policy: Settle_Refunds_V1_RefundPolicy, batchID: String, in db: Database) throws {
        let originator: [UInt8] = try policy.serializedBytes()
        try db.executeCached(sql: "INSERT INTO batch_originator (batch_id, body) VALUES (?, ?)", arguments: [batchID, Data(originator)])
    }

    /// The originator policy a batch was created under; nil for a batch from before it was kept.
    static func originator(batchID: String, in db: Database) throws -> Settle_Refunds_V1_RefundPolicy? {
        try Data.fetchOneCached(db, sql: "SELECT body FROM batch_originator WHERE batch_id = ?", arguments: [batchID])
            .map { try Settle_Refunds_V1_RefundPolicy(serializedBytes: Array($0)) }
    }
}
