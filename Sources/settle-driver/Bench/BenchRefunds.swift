import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// `settle-driver bench refunds`: Refunds over the socket — computing deposit refunds, and a
/// disbursement batch of them (created, its NACHA file and check register written, released).
struct BenchRefunds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refunds",
        abstract: "Deposit refunds computed per second and the seconds of a disbursement batch of them.",
        discussion: """
            Sets up (untimed): --accounts accounts loaded through Accounts (moved in 2024-01-01), \
            each with a 150.00 deposit billed 2024-01-02 (due 2024-01-12) and twelve monthly bills \
            paid on time, half of them with bank details. Then times: requests_per_s, --accounts \
            deposit refunds requested as of 2025-01-20, --chunk accounts a call and --in-flight calls at \
            once (each computed by Refunds from Collections' deposit status: held plus interest); after a second person \
            (uid 65534, a supervisor on hosts the driver starts) approves them (untimed), batch_s, \
            one batch of them created and its ACH file and check register written; release_s, the \
            batch released (every refund posted to Collections once). Targets (issue 15): \
            ≥ 5,000 requests/s, batch ≤ 2 s.
            """)

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).") var socket: String?
    @Option(name: .long, help: "Accounts, each with one deposit refund.") var accounts = 10_000
    @Option(name: .long, help: "Calls in flight.") var inFlight = 4
    @Option(name: .long, help: "Accounts per RequestRefunds call.") var chunk = 1_000
    @Flag(name: .long, help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        let host = try await HostUnderTest.start(socket: socket, extraArguments: socket == nil ? SecondPerson.hostArguments() : [])
        defer { host.stop() }
        let connection = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")
        let long = CallOptions(timeout: .seconds(3_600))
        let accountsClient = AccountsV1.Client(transport: connection)
        let collections = CollectionsV1.Client(transport: connection)
        let refunds = RefundsV1.Client(transport: connection)

        log("loading \(accounts) accounts with deposits and a year of paid bills (untimed)")
        let numbers = try await load(accountsClient, collections: collections, refunds: refunds, options: long)

        // Timed: the deposit refunds, --chunk accounts a call (RequestRefunds), --in-flight calls at once.
        let ids = SendableBox<[Int: String]>([:])
        let chunk = max(1, self.chunk)
        var started = ContinuousClock.now
        try await Concurrently.run((numbers.count + chunk - 1) / chunk, inFlight: inFlight) { batch in
            let range = batch * chunk..<min(numbers.count, (batch + 1) * chunk)
            let response = try await refunds.requestRefunds(.with {
                $0.idempotencyKey = "bench-refunds-\(batch)"
                $0.kind = "deposit"
                $0.accountNumbers = Array(numbers[range])
                $0.refundDate = "2025-01-20"
            }, options: long)
            guard response.refused.isEmpty else { throw DriverError("refused: \(response.refused[0].accountNumber): \(response.refused[0].reason)") }
            guard response.refunds.allSatisfy({ $0.amountCents == 15_307 }) else { throw DriverError("a deposit refund is not 153.07 (150.00 and 374 days' interest at 2 %)") }
            ids.mutate { for (offset, refund) in response.refunds.enumerated() { $0[range.lowerBound + offset] = refund.id } }
        }
        let requestSeconds = (ContinuousClock.now - started).seconds
        log("requests: \(numbers.count) in \(String(format: "%.2f", requestSeconds)) s")

        var batchSeconds = 0.0
        var releaseSeconds = 0.0
        var batchItems = 0
        if let approver = await SecondPerson.connect(to: host.socketPath, agent: "settle-driver (second person)") {
            let checker = RefundsV1.Client(transport: approver)
            let all = ids.value
            try await Concurrently.run(all.count, inFlight: 16) { index in
                _ = try await checker.approveRefund(.with { $0.idempotencyKey = "bench-approve-\(index)"; $0.refundID = all[index] ?? "" }, options: long)
            }
            started = ContinuousClock.now
            let batch = try await refunds.createBatch(.with { $0.idempotencyKey = "bench-batch"; $0.batchDate = "2025-01-22" }, options: long)
            let nacha = try await refunds.exportBatch(.with { $0.batchID = batch.id; $0.format = "nacha" }, options: long)
            let register = try await refunds.exportBatch(.with { $0.batchID = batch.id; $0.format = "csv" }, options: long)
            batchSeconds = (ContinuousClock.now - started).seconds
            batchItems = batch.items.count
            log("batch: \(batch.items.count) items, \(nacha.content.count / 95) NACHA records, \(register.content.split(separator: "\n").count) register lines in \(String(format: "%.2f", batchSeconds)) s")
            started = ContinuousClock.now
            let released = try await checker.releaseBatch(.with { $0.idempotencyKey = "bench-release"; $0.batchID = batch.id }, options: long)
            releaseSeconds = (ContinuousClock.now - started).seconds
            guard released.posted == UInt32(batch.items.count) else { throw DriverError("release posted \(released.posted) of \(batch.items.count)") }
            log("release: \(released.posted) posted in \(String(format: "%.2f", releaseSeconds)) s")
            await approver.close()
        } else {
            log("no second person (run as root to approve as uid \(SecondPerson.uid)): batch not measured")
        }
        await connection.close()

        let figures: [(String, Double)] = [
            ("refunds", Double(numbers.count)),
            ("requests_per_s", Double(numbers.count) / requestSeconds),
            ("batch_items", Double(batchItems)),
            ("batch_s", batchSeconds),
            ("release_s", releaseSeconds),
            ("peak_rss_mb", host.peakRSSMiB ?? 0),
        ]
        if json {
            var object: [String: Any] = [:]
            for (key, value) in figures { object[key] = key.hasSuffix("_s") ? (value * 1_000).rounded() / 1_000 : value.rounded() }
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("settle-driver bench refunds — \(numbers.count) deposit refunds")
            for (key, value) in figures { print(key.padding(toLength: 18, withPad: " ", startingAt: 0), String(format: "%12.3f", value)) }
        }
    }

    /// Accounts through Accounts' conversion load, a paid deposit and twelve paid bills each.
    private func load(_ accounts: AccountsV1.Client, collections: CollectionsV1.Client, refunds: RefundsV1.Client, options: CallOptions) async throws -> [String] {
        let count = self.accounts
        let loaded = try await Concurrently.map((count + 1_999) / 2_000, inFlight: 2) { batch in
            try await accounts.loadAccounts(.with {
                $0.idempotencyKey = "bench-refunds-accounts-\(batch)"
                $0.records = (batch * 2_000..<min(count, (batch + 1) * 2_000)).map { index in
                    .with {
                        $0.externalID = "RF-\(index)"
                        $0.customerKind = "person"
                        $0.customerName = "Refund Bench \(index + 1)"
                        $0.contact.phone = "217-555-0100"
                        $0.premiseID = String(format: "RP%06d", index + 1)
                        $0.serviceAddress = IngestData.address("\(index + 1) Birch St")
                        $0.weatherZone = "north"
                        $0.premiseType = "residential"
                        $0.billCycle = 6
                        $0.serviceStartDate = "2024-01-01"
                        $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = "RES-1"; $0.rateClass = "residential" }]
                    }
                }
            }, options: options)
        }
        var byIndex: [Int: String] = [:]
        for response in loaded {
            guard response.rejected.isEmpty else { throw DriverError("accounts: \(response.rejected[0].reason)") }
            for account in response.accounts { if let index = Int(account.externalID.dropFirst(3)) { byIndex[index] = account.accountNumber } }
        }
        let numbers = (0..<count).map { byIndex[$0] ?? "" }
        try await Concurrently.run(count, inFlight: 32) { index in
            _ = try await collections.postEntry(.with {
                $0.idempotencyKey = "bench-deposit-\(index)"
                $0.accountNumber = numbers[index]
                $0.kind = "deposit_billed"
                $0.amountCents = 15_000
                $0.entryDate = "2024-01-02"
                $0.dueDate = "2024-01-12"
            }, options: options)
            if index % 2 == 0 {
                _ = try await refunds.setPayeeBank(.with {
                    $0.idempotencyKey = "bench-bank-\(index)"
                    $0.bank = .with { $0.accountNumber = numbers[index]; $0.routingNumber = "021000021"; $0.bankAccount = String(100_000 + index) }
                }, options: options)
            }
        }
        try await importPayments(collections, rows: (0..<count).map { "\(numbers[$0]),150.00,2024-01-05,DEP-\($0)" }, key: "bench-deposit-payments", options: options)
        for month in 1...12 {
            let mm = month < 10 ? "0\(month)" : "\(month)"
            try await Concurrently.run((count + 9_999) / 10_000, inFlight: 2) { batch in
                _ = try await collections.postBillCharges(.with {
                    $0.idempotencyKey = "bench-refund-bills-\(mm)-\(batch)"
                    $0.charges = (batch * 10_000..<min(count, (batch + 1) * 10_000)).map { index in
                        .with {
                            $0.billID = "RB-2024-\(mm)-\(index)"
                            $0.accountNumber = numbers[index]
                            $0.agreementID = UInt64(index + 1)
                            $0.serviceType = "electric"
                            $0.rateClass = "residential"
                            $0.period = "2024-\(mm)"
                            $0.billDate = "2024-\(mm)-05"
                            $0.dueDate = "2024-\(mm)-25"
                            $0.amountCents = 6_000
                        }
                    }
                }, options: options)
            }
            try await importPayments(collections, rows: (0..<count).map { "\(numbers[$0]),60.00,2024-\(mm)-10,RBP-\(mm)-\($0)" }, key: "bench-refund-pay-\(mm)", options: options)
        }
        return numbers
    }

    private func importPayments(_ collections: CollectionsV1.Client, rows: [String], key: String, options: CallOptions) async throws {
        try await Concurrently.run((rows.count + 19_999) / 20_000, inFlight: 2) { batch in
            let response = try await collections.importPayments(.with {
                $0.idempotencyKey = "\(key)-\(batch)"
                $0.firstLine = UInt32(batch * 20_000 + 1)
                $0.csv = rows[(batch * 20_000)..<min(rows.count, (batch + 1) * 20_000)].joined(separator: "\n")
            }, options: options)
            guard response.rejected.isEmpty else { throw DriverError("payments: \(response.rejected[0].reason)") }
        }
    }

    private func log(_ text: String) {
        if !json { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
    }
}
