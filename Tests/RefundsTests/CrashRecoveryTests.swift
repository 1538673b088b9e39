import Foundation
import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Stores on disk, the host stopped between writing the batch and posting its entries, and
/// again after Collections posted one entry but before Refunds recorded it: started again on
/// the same files, the release pays each refund once.
final class CrashRecoveryTests: XCTestCase {
    func testACrashBetweenWritingTheBatchAndPostingTheEntriesPaysOnceOnRecovery() async throws {
        let folder = "/tmp/rc-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var host = try await RefundsHost.start(directory: folder, onDisk: true)
        var customers: [Customer] = []
        let file: String
        let batch: Settle_Refunds_V1_DisbursementBatch
        do {
            for (index, credit) in [Int64(1_500), 2_500, 3_500].enumerated() {
                let customer = try await closedWithCredit(host, "Crash \(index)", premise: "P-CR\(index)", overpaid: credit)
                try await host.bank(customer.account)
                let refund = try await host.request("credit_balance", customer.account, date: "2025-03-10")
                _ = try await host.clerk.approveRefund(host.decide(refund.id))
                customers.append(customer)
            }
            batch = try await host.batch(date: "2025-03-14")
            file = try await host.export(batch.id, "nacha").content
        } catch {
            await host.shutdown()
            throw error
        }
        // The host stops with the batch written and nothing posted.
        await host.shutdown(keep: true)

        host = try await RefundsHost.start(directory: folder, onDisk: true)
        do {
            let rewritten = try await host.export(batch.id, "nacha").content
            XCTAssertEqual(rewritten, file, "the batch is written again identically after the restart")
            // The release reaches Collections for the first refund, and the host stops before
            // Refunds records it: this is the posting the release makes for that item.
            let item = batch.items[0]
            let first = try await host.supervisorCollections.postRefundEntries(.with {
                $0.idempotencyKey = "interrupted-release/\(item.refundID)"
                $0.accountNumber = item.accountNumber
                $0.reference = "\(item.refundID)/paid"
                $0.entryDate = batch.batchDate
                $0.refundCents = item.netCents
            })
            XCTAssertFalse(first.alreadyPosted)
        } catch {
            await host.shutdown(keep: true)
            throw error
        }
        await host.shutdown(keep: true)

        host = try await RefundsHost.start(directory: folder, onDisk: true)
        do {
            let released = try await host.release(batch.id)
            XCTAssertEqual(released.posted, 2)
            XCTAssertEqual(released.alreadyPosted, 1, "the first refund was found posted")
            for (customer, credit) in zip(customers, [Int64(1_500), 2_500, 3_500]) {
                let ledger = try await host.ledger(customer.account)
                XCTAssertEqual(ledger.entries.filter { $0.kind == "refund" }.map(\.amountCents), [credit], customer.account)
                XCTAssertEqual(ledger.balanceCents, 0)
            }
            let refunds = try await host.refunds.listRefunds(.with { $0.status = "disbursed" })
            XCTAssertEqual(refunds.refunds.count, 3)
            XCTAssertEqual(refunds.totalCents, 7_500)
            let balanced = try await host.collections.checkLedger(.init()).balanced
            XCTAssertTrue(balanced)
        } catch {
            await host.shutdown()
            throw error
        }
        await host.shutdown()
    }
}
