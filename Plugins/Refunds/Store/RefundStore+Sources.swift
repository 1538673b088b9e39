import Foundation
import GRDB
import SettleModuleSDK
import SettleContracts
import SwiftProtobuf

/// Requests found by what they refund (their `source`), for the calculations that must not
/// pay a source twice.
extension RefundStore {
    /// Tax-exempt requests of a source (`source` starting `sourcePrefix:`) that still hold it.
    static func holdingTaxExempt(sourcePrefix: String, in db: Database) throws -> [Settle_Refunds_V1_RefundRequest] {
        let holding = RefundStatus.holding.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try Data.fetchAllCached(db, sql: "SELECT body FROM refund WHERE kind = 'tax_exempt' AND source LIKE ? AND status IN (\(holding))", arguments: [sourcePrefix + ":%"])
            .map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }

    /// Every discharge request of a bankruptcy case, whatever its status.
    static func bankruptcyDischarges(caseNumber: String, in db: Database) throws -> [Settle_Refunds_V1_RefundRequest] {
        try Data.fetchAllCached(db, sql: "SELECT body FROM refund WHERE kind = 'bankruptcy_discharge' AND source LIKE ?", arguments: ["case:\(caseNumber):%"])
            .map { try Settle_Refunds_V1_RefundRequest(serializedBytes: Array($0)) }
    }
}
