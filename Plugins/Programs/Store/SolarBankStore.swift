import Foundation
import GRDB
import SettleContracts
import SettleModuleSDK
import SwiftProtobuf

/// The SQL behind solar banks: one row per solar bill with its movement of the bank.
enum SolarBankStore {
    /// The bank each enrolment starts its next bill from: the end of its newest recorded
    /// movement (by period end, then by when recorded), leaving out the bill about to be
    /// rated (a batch rated again after a failed store starts where it did).
    /// Only movements of periods closing on or before the new period's start count.
    static func balances(_ wanted: [(enrolment: Int64, excludingBill: String, periodStart: String)], in db: Database) throws -> [Int64: Settle_Programs_V1_SolarBillMovement] {
        var found: [Int64: Settle_Programs_V1_SolarBillMovement] = [:]
        for (enrolment, bill, start) in wanted {
            let row = try Row.fetchOne(db, sql: """
                SELECT body FROM solar_bill WHERE enrolment_id = ? AND status = 'recorded' AND bill_id <> ? AND period_end <= ?
                ORDER BY period_end DESC, recorded_seq DESC LIMIT 1
                """, arguments: [enrolment, bill, start])
            if let row { found[enrolment] = try Settle_Programs_V1_SolarBillMovement(serializedBytes: row[0] as Data) }
        }
        return found
    }

    /// Records a bill's movement once: false when the bill was already recorded.
    static func record(_ movement: Settle_Programs_V1_SolarBillMovement, enrolment: Int64, in db: Database) throws -> Bool {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM solar_bill WHERE bill_id = ?", arguments: [movement.billID]) == true { return false }
        let sequence = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(recorded_seq), 0) + 1 FROM solar_bill")) ?? 1
        try db.executeCached(sql: """
            INSERT INTO solar_bill (bill_id, enrolment_id, agreement_id, period_end, status, recorded_seq, body) VALUES (?, ?, ?, ?, 'recorded', ?, ?)
            """, arguments: [movement.billID, enrolment, Int64(movement.agreementID), movement.periodEnd, sequence, Data(try movement.serializedBytes() as [UInt8])])
        return true
    }

    /// Marks bills cancelled; answers the movements that were recorded (not yet cancelled).
    static func cancel(_ bills: [String], in db: Database) throws -> [Settle_Programs_V1_SolarBillMovement] {
        var cancelled: [Settle_Programs_V1_SolarBillMovement] = []
        for bill in bills {
            guard let row = try Row.fetchOne(db, sql: "SELECT body FROM solar_bill WHERE bill_id = ? AND status = 'recorded'", arguments: [bill]) else { continue }
            var movement = try Settle_Programs_V1_SolarBillMovement(serializedBytes: row[0] as Data)
            movement.status = "cancelled"
            try db.execute(sql: "UPDATE solar_bill SET status = 'cancelled', body = ? WHERE bill_id = ?", arguments: [Data(try movement.serializedBytes() as [UInt8]), bill])
            cancelled.append(movement)
        }
        return cancelled
    }

    /// An agreement's movements, newest first.
    static func history(agreement: UInt64, in db: Database) throws -> [Settle_Programs_V1_SolarBillMovement] {
        try Row.fetchAll(db, sql: "SELECT body FROM solar_bill WHERE agreement_id = ? ORDER BY period_end DESC, recorded_seq DESC", arguments: [Int64(agreement)])
            .map { try Settle_Programs_V1_SolarBillMovement(serializedBytes: $0[0] as Data) }
    }
}
