import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SwiftProtobuf

/// The store stage: a batch's bills and skips in one transaction with one audit record for
/// the batch, and the run's own bookkeeping (`bill_run`).
extension BillingRunner {
    /// A rated bill ready to store: its body and its line in the batch's audit record.
    struct PreparedBill: Sendable {
        let bill: Settle_Rating_V1_Bill
        let body: [UInt8]
        let auditEntry: String
        /// The key of the posting that will carry the bill's charge; empty for a held bill.
        let postingKey: String

        init(_ bill: Settle_Rating_V1_Bill, postingKey: String) throws {
            self.bill = bill
            self.postingKey = postingKey
            body = try bill.serializedBytes()
            auditEntry = "{\"bill\":\"\(bill.id)\",\"status\":\"\(bill.status)\",\"total_cents\":\(bill.rated.totalCents),\"tariff\":\(JSONText.quoted(bill.tariffCode)),\"holds\":\(bill.holdReasons.count)}"
        }
    }

    /// Bills and skips of one batch, in one transaction with one audit record for the batch
    /// that lists every bill written (id, status, total, tariff, holds) and every skip.
    func save(
        _ bills: [PreparedBill], skips: [(Settle_Metering_V1_BillingDeterminants, String)], settings: Settings, batch: Int, skippedBefore: Set<UInt64>,
        marking marks: [PostedMark] = []
    ) async throws {
        let actor = actor, method = method, reason = reason
        try await store.write { db in
            for mark in marks { try BillStore.markPosted(mark.ids, response: mark.response, postingKey: mark.key, actor: actor, method: method, reason: reason, in: db) }
            var entries: [String] = []
            entries.reserveCapacity(bills.count + skips.count)
            for prepared in bills {
                let bill = prepared.bill
                try BillStore.insert(bill, body: prepared.body, postingKey: prepared.postingKey, in: db)
                if bill.finalBill { try FinalBillStore.record(bill, in: db) }
                if skippedBefore.contains(bill.agreementID) {
                    try BillSkipStore.clear(cycle: bill.cycle, period: bill.period, agreementID: bill.agreementID, in: db)
                }
                entries.append(prepared.auditEntry)
            }
            for (item, why) in skips {
                try BillSkipStore.record(
                    cycle: settings.cycle, period: settings.period.description, agreementID: item.agreementID, accountNumber: item.accountNumber, reason: why, in: db)
                entries.append("{\"skipped\":\(item.agreementID),\"reason\":\(JSONText.quoted(why))}")
            }
            guard !entries.isEmpty else { return }
            _ = try AuditLog.append(AuditEntry(
                actor: actor, method: method, entity: "bill_run/\(settings.runID)/batch-\(batch)", before: "", after: "[" + entries.joined(separator: ",") + "]",
                reason: reason.isEmpty ? "billing run \(settings.runID)" : reason), in: db)
        }
    }

    /// Counts the run in `bill_run` (how many agreements, how many times run).
    func recordRun(_ settings: Settings, agreements: Int, newAttempt: Bool = true) async throws {
        try await store.write { db in
            try BillRunStore.record(cycle: settings.cycle, period: settings.period.description, agreements: agreements, newAttempt: newAttempt, in: db)
        }
    }
}
