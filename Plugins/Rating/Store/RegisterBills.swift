import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// What the register of a cycle and period reads of the bill tables.
enum RegisterBills {
    /// The agreements the cycle's run found in service (0 before any run).
    static func agreements(cycle: UInt32, period: String, in db: Database) throws -> UInt32 {
        UInt32(try Int.fetchOneCached(db, sql: "SELECT agreements FROM bill_run WHERE cycle = ? AND period = ?", arguments: [cycle, period]) ?? 0)
    }

    /// The agreements the cycle's runs skipped, with why, by agreement.
    static func skips(cycle: UInt32, period: String, in db: Database) throws -> [Settle_Rating_V1_SkippedAgreement] {
        try Row.fetchAllCached(db, sql: "SELECT agreement_id, account_number, reason FROM bill_skip WHERE cycle = ? AND period = ? ORDER BY agreement_id", arguments: [cycle, period]).map { row in
            var skip = Settle_Rating_V1_SkippedAgreement()
            skip.agreementID = UInt64(row["agreement_id"] as Int64? ?? 0)
            skip.accountNumber = row["account_number"] ?? ""
            skip.reason = row["reason"] ?? ""
            return skip
        }
    }

    /// A bill as the register reads it: an issued one from its columns (its lines summed by
    /// component in `components`; from its body's `rated` field when it was stored before
    /// that column), the others (held, cancelled: few) decoded whole for their links.
    enum Bill {
        case issued(rateClass: String, replaces: String, totalCents: Int64, deliveredWh: Int64, posted: Bool, components: ComponentTotals)
        case other(Settle_Rating_V1_Bill)
    }

    static func forEach(cycle: UInt32, period: String, in db: Database, _ body: (Bill) throws -> Void) throws {
        // By position, in the SELECT's order; the body only where the columns do not suffice.
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT status, rate_class, replaces, total_cents, delivered_wh, components,
                   CASE WHEN status = 'issued' AND components IS NOT NULL THEN NULL ELSE body END AS body,
                   \(BillStore.postedColumn) FROM bill WHERE cycle = ? AND period = ?
            """), arguments: [cycle, period])
        while let row = try cursor.next() {
            let posted = (row[7] as Int64? ?? 0) != 0
            let issued = (row[0] as String) == "issued"
            let stored: Data? = row[6]
            if issued {
                let components: ComponentTotals?
                // The column's bytes are read in place, not copied: the register reads every bill.
                let fromColumn: ComponentTotals?? = try row.withUnsafeData(atIndex: 5) { $0.map { ComponentTotals(decoding: $0) } }
                if let fromColumn {
                    components = fromColumn
                } else if let stored, let rated = RatedBillScan.rated(stored) {
                    components = ComponentTotals(rated)
                } else {
                    components = nil
                }
                if let components {
                    try body(.issued(rateClass: row[1], replaces: row[2], totalCents: row[3], deliveredWh: row[4], posted: posted, components: components))
                    continue
                }
            }
            guard let stored else { throw RatingError.dataLoss("a bill of cycle \(cycle) \(period) has neither its components nor its body") }
            var bill = try Settle_Rating_V1_Bill(serializedBytes: stored)
            bill.posted = posted
            if bill.status == "issued" {
                try body(.issued(rateClass: bill.rateClass, replaces: bill.replaces, totalCents: bill.rated.totalCents,
                                 deliveredWh: bill.input.deliveredWh, posted: posted, components: ComponentTotals(bill.rated)))
            } else {
                try body(.other(bill))
            }
        }
    }
}
