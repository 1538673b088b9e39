import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// The payment file under read load: the import that stalled behind readers (one Accounts
/// call per unknown account, each queued behind them) must keep moving.
extension BenchCollections {
    struct LoadedImport {
        let posted: UInt32
        let seconds: Double
        let readP99Ms: Double
        let reads: Int
    }

    /// Imports `file` in batches of `batchRows`, `inFlight` calls at a time: rows posted and
    /// the seconds it took.
    static func importFile(
        _ file: [String], key: String, batchRows: Int, inFlight: Int, collections: CollectionsV1.Client, options: CallOptions
    ) async throws -> (posted: UInt32, seconds: Double) {
        let batches = stride(from: 0, to: file.count, by: batchRows).map { start in
            (text: file[start..<min(start + batchRows, file.count)].joined(separator: "\n"), firstLine: UInt32(start + 1))
        }
        let started = ContinuousClock.now
        let posted = try await withThrowingTaskGroup(of: UInt32.self) { group in
            var next = 0
            var total: UInt32 = 0
            func launch() {
                let batch = batches[next]
                let index = next
                next += 1
                group.addTask {
                    var request = Settle_Collections_V1_ImportPaymentsRequest()
                    request.idempotencyKey = "\(key)-\(index)"
                    request.fileName = "\(key).csv"
                    request.csv = batch.text
                    request.firstLine = batch.firstLine
                    let response = try await collections.importPayments(request, options: options)
                    guard response.rejected.isEmpty else { throw DriverError("payment file: line \(response.rejected[0].line): \(response.rejected[0].reason)") }
                    return response.posted
                }
            }
            for _ in 0..<min(max(1, inFlight), batches.count) { launch() }
            while let done = try await group.next() {
                total += done
                if next < batches.count { launch() }
            }
            return total
        }
        return (posted, (ContinuousClock.now - started).seconds)
    }

    /// `file` imported while `readers` clients, one connection each, read without pause —
    /// half an account's ledger from Collections, half an account from Accounts — until the
    /// import ends; the readers' p99 is over the calls made while it ran.
    func importUnderReadLoad(
        _ file: [String], host: HostUnderTest, ledgerAccounts: [String], accountsAccounts: [String], options: CallOptions
    ) async throws -> LoadedImport {
        var connections: [SettleClient] = []
        for _ in 0..<readers { connections.append(try await SettleClient.connect(to: host.socketPath, agent: "settle-driver-reader")) }
        let importer = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")
        let collections = CollectionsV1.Client(transport: importer)
        let done = SendableBox(false)
        let readerOptions = CallOptions(timeout: .seconds(60))
        let result = try await withThrowingTaskGroup(of: LatencyRecorder?.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    var recorder = LatencyRecorder()
                    var generator = SystemRandomNumberGenerator()
                    let ledger = CollectionsV1.Client(transport: connection)
                    let accounts = AccountsV1.Client(transport: connection)
                    while !done.value {
                        let started = ContinuousClock.now
                        if index % 2 == 0 || accountsAccounts.isEmpty {
                            var request = Settle_Collections_V1_GetAccountLedgerRequest()
                            request.accountNumber = ledgerAccounts[Int.random(in: 0..<ledgerAccounts.count, using: &generator)]
                            _ = try await ledger.getAccountLedger(request, options: readerOptions)
                        } else {
                            var request = Settle_Accounts_V1_GetAccountRequest()
                            request.accountNumber = accountsAccounts[Int.random(in: 0..<accountsAccounts.count, using: &generator)]
                            _ = try await accounts.getAccount(request, options: readerOptions)
                        }
                        if !done.value { recorder.record(ContinuousClock.now - started) }
                    }
                    return recorder
                }
            }
            // Let every reader get going before the clock starts.
            try await Task.sleep(for: .milliseconds(500))
            let imported: (posted: UInt32, seconds: Double)
            do {
                imported = try await Self.importFile(file, key: "bench-file-loaded", batchRows: batchRows, inFlight: inFlight, collections: collections, options: options)
            } catch {
                done.mutate { $0 = true }
                throw error
            }
            done.mutate { $0 = true }
            var all = LatencyRecorder()
            while let recorder = try await group.next() { if let recorder { all.merge(recorder) } }
            return LoadedImport(posted: imported.posted, seconds: imported.seconds, readP99Ms: all.percentileMicros(99) / 1_000, reads: all.samples.count)
        }
        for connection in connections { await connection.close() }
        await importer.close()
        return result
    }

    /// Accounts opened through Accounts (customer, premise, move-in) that have no ledger
    /// history: the second file pays them, so Collections must ask Accounts about them.
    func setUpNewAccounts(_ client: AccountsV1.Client) async throws -> [String] {
        let made = SendableBox<[Int: String]>([:])
        try await Concurrently.run(newAccounts, inFlight: 64) { index in
            let moved = try await BenchResident(
                keyPrefix: "bench-n", keySuffix: "\(index)", name: "New Customer \(index + 1)", premiseID: String(format: "NP%06d", index + 1),
                street: "\(index + 1) Oak St", phone: "217-555-0101", moveIn: "2025-01-02", cycle: 6
            ).open(client)
            made.mutate { $0[index] = moved.account.number }
        }
        let numbers = made.value
        return (0..<newAccounts).compactMap { numbers[$0] }
    }
}
