import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// `settle-driver bench collections`: Collections' bulk paths over the socket — a payment
/// file posted per second, the portfolio aging of every account with 13 months of history,
/// and the disconnection decision over every noticed account — with the host's peak memory.
struct BenchCollections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections",
        abstract: "Payments/s from a payment file, aging seconds for the portfolio, eligibility seconds for the noticed accounts.",
        discussion: """
            Sets up (untimed): --noticed accounts through Accounts (customer, premise in zone \
            "north", move-in) and the rest known to the ledger only; 13 monthly bills per account \
            (2024-01 … 2025-01, due the 25th) and 12 months of payments, the noticed accounts \
            missing November and December. Then times: a --accounts-row payment file (2025-01-20, \
            one row per account) imported in batches of --batch-rows over the socket; GetAging as \
            of 2025-02-01; and, after the notice cycle (2025-01-06 and 2025-01-13) and a weather \
            file, EvaluateEligibility as of Tuesday 2025-01-28. Targets: ≥ 50,000 payments/s, \
            aging ≤ 2 s, eligibility ≤ 1 s. Then a second file (the same accounts on 2025-01-27 \
            and --new-accounts that only Accounts knows) while --readers clients each read in a \
            loop (an account's ledger, or an account from Accounts): target ≤ 3× the unloaded \
            time (payments_per_s_under_read_load ≥ payments_per_s / 3) and reader p99 ≤ 250 ms.
            """)

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).") var socket: String?
    @Option(name: .long, help: "Accounts in the ledger (and rows in the payment file).") var accounts = 100_000
    @Option(name: .long, help: "Accounts with a disconnect notice (made through Accounts).") var noticed = 10_000
    @Option(name: .long, help: "Payment-file rows per call.") var batchRows = 10_000
    @Option(name: .long, help: "Payment-file calls in flight.") var inFlight = 2
    @Option(name: .long, help: "Clients reading (one connection each) during the second payment file.") var readers = 200
    @Option(name: .long, help: "Accounts opened through Accounts with no ledger history, paid in the second file.") var newAccounts = 1_000
    @Flag(name: .long, help: "Print one JSON object instead of a table.") var json = false

    static let months = (0..<13).map { index in (2024 + index / 12, index % 12 + 1) }

    func run() async throws {
        guard noticed <= accounts, accounts > 0 else { throw ValidationError("--noticed must be at most --accounts") }
        let host = try await HostUnderTest.start(socket: socket)
        defer { host.stop() }
        let memory = HostMemory(socketPath: host.socketPath)
        let connection = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")
        let collections = CollectionsV1.Client(transport: connection)
        let accountsClient = AccountsV1.Client(transport: connection)
        let long = CallOptions(timeout: .seconds(600))

        log("setting up \(noticed) accounts through Accounts")
        let numbers = try await setUpAccounts(accountsClient)
        log("posting \(accounts * Self.months.count) bills' charges and \(accounts * 12) history payments")
        try await postHistory(collections, numbers: numbers, options: long)

        // Timed: the payment file.
        let file = (0..<accounts).map { "\(numbers[$0]),\(Self.dollars(Self.billCents($0))),2025-01-20,PAY-2025-01-\($0)" }
        memory.resetPeak()
        let (posted, paymentSeconds) = try await Self.importFile(file, key: "bench-file", batchRows: batchRows, inFlight: inFlight, collections: collections, options: long)
        let paymentPeak = memory.peakMiB
        guard posted == UInt32(accounts) else { throw DriverError("payment file: posted \(posted) of \(accounts) rows") }
        log("payments: \(posted) in \(String(format: "%.2f", paymentSeconds)) s")

        // Timed: portfolio aging.
        memory.resetPeak()
        var aging = Settle_Collections_V1_GetAgingRequest()
        aging.asOf = "2025-02-01"
        var started = ContinuousClock.now
        let report = try await collections.getAging(aging, options: long)
        let agingSeconds = (ContinuousClock.now - started).seconds
        let agingPeak = memory.peakMiB
        guard report.tiesToLedger, report.portfolio.accounts == UInt64(noticed) else {
            throw DriverError("aging: ties \(report.tiesToLedger), \(report.portfolio.accounts) accounts with a balance, expected \(noticed)")
        }
        log("aging: \(accounts) accounts in \(String(format: "%.2f", agingSeconds)) s")

        // Notices and weather (untimed), then the timed decision.
        for day in ["2025-01-06", "2025-01-13"] {
            var notices = Settle_Collections_V1_RunNoticesRequest()
            notices.idempotencyKey = "bench-notices-\(day)"
            notices.asOf = day
            _ = try await collections.runNotices(notices, options: long)
        }
        var weather = Settle_Collections_V1_ImportWeatherRequest()
        weather.idempotencyKey = "bench-weather"
        weather.csv = (20...31).map { "2025-01-\($0),north,45,no" }.joined(separator: "\n")
        _ = try await collections.importWeather(weather, options: long)
        memory.resetPeak()
        var eligibility = Settle_Collections_V1_EvaluateEligibilityRequest()
        eligibility.idempotencyKey = "bench-eligibility"
        eligibility.asOf = "2025-01-28"
        eligibility.countsOnly = true
        started = ContinuousClock.now
        let decided = try await collections.evaluateEligibility(eligibility, options: long)
        let eligibilitySeconds = (ContinuousClock.now - started).seconds
        let eligibilityPeak = memory.peakMiB
        guard decided.eligible + decided.notEligible == UInt32(noticed) else {
            throw DriverError("eligibility decided \(decided.eligible + decided.notEligible) accounts, expected \(noticed)")
        }
        log("eligibility: \(decided.eligible) eligible, \(decided.notEligible) not, in \(String(format: "%.2f", eligibilitySeconds)) s")
        // Timed: a second file (the accounts again and --new-accounts the ledger has never
        // seen, so Collections asks Accounts about them) while --readers clients read.
        log("payments again with \(readers) readers")
        let newAccounts = try await setUpNewAccounts(accountsClient)
        let loadedFile = (0..<accounts).map { "\(numbers[$0]),\(Self.dollars(Self.billCents($0))),2025-01-27,PAY2-2025-01-\($0)" }
            + newAccounts.enumerated().map { "\($1),25.00,2025-01-27,PAY2-NEW-\($0)" }
        let loaded = try await importUnderReadLoad(
            loadedFile, host: host, ledgerAccounts: numbers, accountsAccounts: Array(numbers.prefix(noticed)) + newAccounts, options: long)
        guard loaded.posted == UInt32(loadedFile.count) else { throw DriverError("payment file under load: posted \(loaded.posted) of \(loadedFile.count) rows") }
        log("payments under load: \(loaded.posted) in \(String(format: "%.2f", loaded.seconds)) s, reader p99 \(String(format: "%.1f", loaded.readP99Ms)) ms over \(loaded.reads) reads")

        await connection.close()

        let figures: [(String, Double)] = [
            ("accounts", Double(accounts)),
            ("payments", Double(posted)),
            ("payments_per_s", Double(posted) / paymentSeconds),
            ("payments_per_s_under_read_load", Double(loaded.posted) / loaded.seconds),
            ("read_p99_ms_during_import", loaded.readP99Ms),
            ("reads_during_import", Double(loaded.reads)),
            ("readers", Double(readers)),
            ("aging_100k_s", agingSeconds),
            ("noticed_accounts", Double(noticed)),
            ("eligible", Double(decided.eligible)),
            ("eligibility_10k_s", eligibilitySeconds),
            ("payments_peak_rss_mb", paymentPeak ?? 0),
            ("aging_peak_rss_mb", agingPeak ?? 0),
            ("eligibility_peak_rss_mb", eligibilityPeak ?? 0),
            ("peak_rss_mb", max(host.peakRSSMiB ?? 0, paymentPeak ?? 0, agingPeak ?? 0, eligibilityPeak ?? 0)),
        ]
        if json {
            var object: [String: Any] = [:]
            for (key, value) in figures { object[key] = key.hasSuffix("_s") ? (value * 1_000).rounded() / 1_000 : value.rounded() }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("settle-driver bench collections — \(accounts) accounts, \(noticed) noticed")
            for (key, value) in figures { print(key.padding(toLength: 24, withPad: " ", startingAt: 0), String(format: "%14.3f", value)) }
        }
    }

    /// A bill of 50.00 to 99.99, the same every month for an account.
    static func billCents(_ index: Int) -> Int64 { 5_000 + Int64(index % 5_000) }

    static func dollars(_ cents: Int64) -> String { Dollars.plain(cents) }

    /// The noticed accounts through Accounts (their numbers as assigned), then ledger-only numbers.
    private func setUpAccounts(_ client: AccountsV1.Client) async throws -> [String] {
        let made = SendableBox<[Int: String]>([:])
        try await Concurrently.run(noticed, inFlight: 64) { index in
            let moved = try await BenchResident(
                keyPrefix: "bench-c", keySuffix: "\(index)", name: "Collections Bench \(index + 1)", premiseID: String(format: "CP%06d", index + 1),
                street: "\(index + 1) Elm St", moveIn: "2023-06-01", cycle: 5
            ).open(client)
            made.mutate { $0[index] = moved.account.number }
        }
        let numbers = made.value
        return (0..<accounts).map { index in index < noticed ? (numbers[index] ?? "") : String(format: "L%07d", index + 1) }
    }

    /// 13 monthly bills per account and 12 months of payments (the noticed accounts skip the
    /// last two), in calls of 10,000 charges and 20,000 payment rows.
    private func postHistory(_ collections: CollectionsV1.Client, numbers: [String], options: CallOptions) async throws {
        let classes = ["residential", "residential", "residential", "small_commercial", "large_commercial"]
        for (year, month) in Self.months {
            let period = "\(year)-\(month < 10 ? "0" : "")\(month)"
            try await Concurrently.run((accounts + 9_999) / 10_000, inFlight: 2) { batch in
                var request = Settle_Collections_V1_PostBillChargesRequest()
                request.idempotencyKey = "bench-bills-\(period)-\(batch)"
                request.charges = (batch * 10_000..<min(accounts, (batch + 1) * 10_000)).map { index in
                    .with {
                        $0.billID = "BB-\(period)-\(index)"
                        $0.accountNumber = numbers[index]
                        $0.agreementID = UInt64(index + 1)
                        $0.serviceType = "electric"
                        $0.rateClass = classes[index % classes.count]
                        $0.period = period
                        $0.billDate = "\(period)-05"
                        $0.dueDate = "\(period)-25"
                        $0.amountCents = Self.billCents(index)
                    }
                }
                _ = try await collections.postBillCharges(request, options: options)
            }
            guard year == 2024 else { continue }
            let payers = (0..<accounts).filter { $0 >= noticed || month < 11 }
            try await Concurrently.run((payers.count + 19_999) / 20_000, inFlight: 2) { batch in
                var request = Settle_Collections_V1_ImportPaymentsRequest()
                request.idempotencyKey = "bench-history-\(period)-\(batch)"
                request.firstLine = UInt32(batch * 20_000 + 1)
                request.csv = payers[(batch * 20_000)..<min(payers.count, (batch + 1) * 20_000)].map {
                    "\(numbers[$0]),\(Self.dollars(Self.billCents($0))),\(period)-20,PAY-\(period)-\($0)"
                }.joined(separator: "\n")
                let response = try await collections.importPayments(request, options: options)
                guard response.rejected.isEmpty else { throw DriverError("history payments: \(response.rejected[0].reason)") }
            }
        }
    }

    private func log(_ text: String) {
        if !json { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
    }
}

/// A value shared by concurrent setup jobs.
final class SendableBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
