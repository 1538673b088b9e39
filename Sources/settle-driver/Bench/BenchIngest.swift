import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// `settle-driver bench ingest`: Metering's bulk paths over the socket — register reads and
/// interval values imported per second, and VEE over a 2,350-account cycle with 13 months of
/// history — with the host's peak memory during each.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Register reads/s and interval values/s imported over the socket, VEE seconds for one cycle, peak RSS.",
        discussion: """
            Sets up (untimed) meters, accounts in cycle 7 and their history, then times: one \
            import stream of the register reads (batches of 10,000 per message); interval \
            values as daily-file imports of ~1,000,000 values (one block per meter-day); and \
            RunVee for cycle 7, period 2024-05. Targets: ≥ 300,000 reads/s, ≥ 3,000,000 \
            values/s, ≤ 2 s.
            """)

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).") var socket: String?
    @Option(name: .long, help: "Register reads to import.") var registerReads = 1_000_000
    @Option(name: .long, help: "Interval values to import (about).") var intervalValues = 10_000_000
    @Option(name: .long, help: "Accounts in the VEE cycle.") var veeAccounts = 2_350
    @Option(name: .long, help: "Concurrent interval imports.") var streams = 2
    @Flag(name: .long, help: "Send requests uncompressed.") var plain = false
    @Flag(name: .long, help: "Print one JSON object instead of a table.") var json = false

    static let registerMeters = 10_000
    static let intervalMeters = 1_000

    func run() async throws {
        let host = try await HostUnderTest.start(socket: socket)
        defer { host.stop() }
        let memory = HostMemory(socketPath: host.socketPath)
        let connection = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver", compressRequests: !plain)
        let metering = MeteringV1.Client(transport: connection)
        let accounts = AccountsV1.Client(transport: connection)
        let zone = IngestData(timeZone: TimeZone(identifier: "America/Chicago") ?? .current)
        log("setting up \(Self.registerMeters) register meters, \(Self.intervalMeters) interval meters, \(veeAccounts) VEE accounts")
        try await setUpMeters(metering, zone: zone)
        try await setUpVEE(metering, accounts: accounts, zone: zone)

        // Register reads.
        let readsPerMeter = max(1, registerReads / Self.registerMeters)
        let registerMessages = zone.registerMessages(meters: Self.registerMeters, readsPerMeter: readsPerMeter, batch: 10_000)
        memory.resetPeak()
        var started = ContinuousClock.now
        let registerResult = try await metering.importReads { writer in
            for message in registerMessages { try await writer.write(message) }
        }
        let registerSeconds = (ContinuousClock.now - started).seconds
        guard registerResult.committed, registerResult.registerReadsImported == UInt64(readsPerMeter * Self.registerMeters) else {
            throw DriverError("register import: committed \(registerResult.committed), \(registerResult.registerReadsImported) imported, first rejection: \(registerResult.rejected.first?.reason ?? "-")")
        }
        let registerPeak = memory.peakMiB
        log("register reads: \(registerResult.registerReadsImported) in \(String(format: "%.2f", registerSeconds)) s")

        // Interval values: daily files of ~1,000,000 values, `streams` at a time.
        let days = max(1, (intervalValues + Self.intervalMeters * 96 - 1) / (Self.intervalMeters * 96))
        let files = zone.intervalFiles(meters: Self.intervalMeters, days: days, daysPerFile: 10, blocksPerMessage: 100)
        memory.resetPeak()
        started = ContinuousClock.now
        let imported = try await withThrowingTaskGroup(of: UInt64.self) { group in
            var next = 0
            var total: UInt64 = 0
            func launch() {
                let file = files[next]
                next += 1
                group.addTask {
                    let response = try await metering.importReads { writer in
                        for message in file { try await writer.write(message) }
                    }
                    guard response.committed else { throw DriverError("interval import rejected: \(response.rejected.first?.reason ?? "-")") }
                    return response.intervalValuesImported
                }
            }
            for _ in 0..<min(max(1, streams), files.count) { launch() }
            while let done = try await group.next() {
                total += done
                if next < files.count { launch() }
            }
            return total
        }
        let intervalSeconds = (ContinuousClock.now - started).seconds
        let intervalPeak = memory.peakMiB
        log("interval values: \(imported) in \(String(format: "%.2f", intervalSeconds)) s")

        // VEE over the cycle.
        memory.resetPeak()
        var vee = Settle_Metering_V1_RunVeeRequest()
        vee.idempotencyKey = "bench-vee"
        vee.cycle = 7
        vee.period = "2024-05"
        started = ContinuousClock.now
        let veeResult = try await metering.runVee(vee, options: CallOptions(timeout: .seconds(300)))
        let veeSeconds = (ContinuousClock.now - started).seconds
        let veePeak = memory.peakMiB
        guard veeResult.agreements == UInt32(veeAccounts) else {
            throw DriverError("VEE saw \(veeResult.agreements) agreements, expected \(veeAccounts)")
        }
        log("VEE: \(veeResult.agreements) agreements, \(veeResult.exceptions) exceptions, \(veeResult.held) held in \(String(format: "%.2f", veeSeconds)) s")
        await connection.close()

        let figures: [(String, Double)] = [
            ("register_reads", Double(registerResult.registerReadsImported)),
            ("register_reads_per_s", Double(registerResult.registerReadsImported) / registerSeconds),
            ("interval_values", Double(imported)),
            ("interval_values_per_s", Double(imported) / intervalSeconds),
            ("vee_accounts", Double(veeResult.agreements)),
            ("vee_exceptions", Double(veeResult.exceptions)),
            ("vee_cycle_s", veeSeconds),
            ("register_peak_rss_mb", registerPeak ?? 0),
            ("interval_peak_rss_mb", intervalPeak ?? 0),
            ("vee_peak_rss_mb", veePeak ?? 0),
            ("peak_rss_mb", max(host.peakRSSMiB ?? 0, registerPeak ?? 0, intervalPeak ?? 0, veePeak ?? 0)),
        ]
        if json {
            var object: [String: Any] = [:]
            for (key, value) in figures { object[key] = key == "vee_cycle_s" ? (value * 1_000).rounded() / 1_000 : value.rounded() }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("settle-driver bench ingest — \(plain ? "plain" : "compressed") requests, \(streams) interval stream(s)")
            for (key, value) in figures { print(key.padding(toLength: 24, withPad: " ", startingAt: 0), String(format: "%14.3f", value)) }
        }
    }

    private func log(_ text: String) {
        if !json { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }
    }

    /// Adds and installs every register and interval meter (untimed), 64 calls in flight.
    private func setUpMeters(_ metering: MeteringV1.Client, zone: IngestData) async throws {
        let install = zone.dayString(0, offset: -1)
        try await Concurrently.run(Self.registerMeters + Self.intervalMeters, inFlight: 64) { index in
            let interval = index >= Self.registerMeters
            let serial = interval ? IngestData.intervalSerial(index - Self.registerMeters) : IngestData.registerSerial(index)
            _ = try await metering.addMeter(.with {
                $0.idempotencyKey = "bench-add-\(serial)"
                $0.serial = serial
                $0.serviceType = "electric"
                $0.kind = interval ? "interval" : "register"
                $0.dials = 6
                $0.form = "2S"
                $0.serviceAmps = 200
                $0.intervalMinutes = interval ? 15 : 0
            })
            _ = try await metering.installMeter(.with {
                $0.idempotencyKey = "bench-install-\(serial)"
                $0.serial = serial
                $0.premiseID = "B" + serial
                $0.date = install
                $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
            })
        }
    }

    /// Cycle 7: read on the 10th of each month; one customer, premise, meter and move-in per
    /// account; 13 months of monthly reads, with high, zero and missing reads in May 2024.
    private func setUpVEE(_ metering: MeteringV1.Client, accounts: AccountsV1.Client, zone: IngestData) async throws {
        for back in 0...13 {
            let month = IngestData.month(2024, 5, minus: back).description
            _ = try await metering.setReadSchedule(.with {
                $0.idempotencyKey = "bench-schedule-\(month)"
                $0.cycle = 7
                $0.period = month
                $0.readDate = "\(month)-10"
            })
        }
        let count = veeAccounts
        try await Concurrently.run(count, inFlight: 64) { index in
            let premise = String(format: "VP%06d", index + 1)
            let serial = String(format: "V%06d", index + 1)
            _ = try await metering.addMeter(.with {
                $0.idempotencyKey = "bench-add-\(serial)"
                $0.serial = serial
                $0.serviceType = "electric"
                $0.dials = 6
                $0.form = "2S"
                $0.serviceAmps = 200
            })
            _ = try await metering.installMeter(.with {
                $0.idempotencyKey = "bench-install-\(serial)"
                $0.serial = serial
                $0.premiseID = premise
                $0.date = "2023-03-01"
                $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
            })
            try await BenchResident(
                keyPrefix: "bench", keySuffix: "\(index)", name: "Bench Customer \(index + 1)", premiseID: premise,
                street: "\(index + 1) Main St", mailHere: true, moveIn: "2023-03-01", cycle: 7
            ).open(accounts)
        }
        let history = zone.veeHistory(accounts: count)
        let response = try await metering.importReads { writer in
            for message in history { try await writer.write(message) }
        }
        guard response.committed else { throw DriverError("VEE history import rejected: \(response.rejected.first?.reason ?? "-")") }
    }
}

/// The benchmark's synthetic reads, built before timing starts.
struct IngestData: Sendable {
    let calendar: Calendar
    /// 2024-01-01 00:00 UTC.
    let firstDay = Date(timeIntervalSince1970: 1_704_067_200)

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    static func registerSerial(_ index: Int) -> String { String(format: "R%06d", index + 1) }
    static func intervalSerial(_ index: Int) -> String { String(format: "I%06d", index + 1) }

    static func address(_ line1: String) -> Settle_Accounts_V1_Address {
        .with {
            $0.line1 = line1
            $0.city = "Springfield"
            $0.state = "IL"
            $0.postalCode = "62701"
        }
    }

    /// The month `back` months before `year`-`month`.
    static func month(_ year: Int, _ month: Int, minus back: Int) -> YearMonth {
        YearMonth(index: year * 12 + (month - 1) - back)
    }

    /// Local midnight of day `day` after 2024-01-01 (UTC seconds).
    func midnight(_ day: Int) -> Int64 {
        Int64(localDate(day).startOfDay(in: calendar.timeZone).timeIntervalSince1970)
    }

    func dayString(_ day: Int, offset: Int = 0) -> String {
        localDate(day + offset).description
    }

    /// The local date of day `day`: day 0 is the one 2024-01-02 00:00 UTC falls on locally
    /// (2024-01-01 west of UTC).
    private func localDate(_ day: Int) -> LocalDate {
        LocalDate(firstDay.addingTimeInterval(86_400), in: calendar.timeZone).adding(days: day)
    }

    /// One import stream: daily reads at noon local time, `batch` rows per message.
    func registerMessages(meters: Int, readsPerMeter: Int, batch: Int) -> [Settle_Metering_V1_ImportReadsRequest] {
        var messages: [Settle_Metering_V1_ImportReadsRequest] = []
        var current = Settle_Metering_V1_ImportReadsRequest()
        current.idempotencyKey = "bench-register-reads"
        current.registerReads.reserveCapacity(batch)
        let noons = (0..<readsPerMeter).map { midnight($0) + 43_200 }
        for meter in 0..<meters {
            let serial = Self.registerSerial(meter)
            var value = Int64(meter % 1_000)
            for day in 0..<readsPerMeter {
                value += Int64(10 + (meter + day) % 40)
                var read = Settle_Metering_V1_RegisterRead()
                read.meterSerial = serial
                read.readAtUtc = noons[day]
                read.value = value
                current.registerReads.append(read)
                if current.registerReads.count == batch {
                    messages.append(current)
                    current = Settle_Metering_V1_ImportReadsRequest()
                    current.registerReads.reserveCapacity(batch)
                }
            }
        }
        if !current.registerReads.isEmpty || messages.isEmpty { messages.append(current) }
        return messages
    }

    /// Interval "files" of `daysPerFile` days for every meter, one block per meter-day.
    func intervalFiles(meters: Int, days: Int, daysPerFile: Int, blocksPerMessage: Int) -> [[Settle_Metering_V1_ImportReadsRequest]] {
        var files: [[Settle_Metering_V1_ImportReadsRequest]] = []
        for firstDay in stride(from: 0, to: days, by: daysPerFile) {
            var messages: [Settle_Metering_V1_ImportReadsRequest] = []
            var current = Settle_Metering_V1_ImportReadsRequest()
            current.idempotencyKey = "bench-intervals-\(firstDay)"
            for day in firstDay..<min(days, firstDay + daysPerFile) {
                let start = midnight(day)
                let slots = Int((midnight(day + 1) - start) / 900)
                for meter in 0..<meters {
                    var block = Settle_Metering_V1_IntervalBlock()
                    block.meterSerial = Self.intervalSerial(meter)
                    block.startUtc = start
                    block.intervalMinutes = 15
                    block.values = (0..<slots).map { Int64(150 + ($0 * 37 + meter * 11 + day * 5) % 400) }
                    current.intervalBlocks.append(block)
                    if current.intervalBlocks.count == blocksPerMessage {
                        messages.append(current)
                        current = Settle_Metering_V1_ImportReadsRequest()
                    }
                }
            }
            if !current.intervalBlocks.isEmpty { messages.append(current) }
            files.append(messages)
        }
        return files
    }

    /// Reads on the 10th of each month from 2023-04 to 2024-05 for each VEE meter; in May 2024
    /// every 20th uses three times its usual, every 50th is unread and every 97th used nothing.
    func veeHistory(accounts: Int) -> [Settle_Metering_V1_ImportReadsRequest] {
        var message = Settle_Metering_V1_ImportReadsRequest()
        message.idempotencyKey = "bench-vee-history"
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = calendar.timeZone
        let dates = (0...13).reversed().map { back -> (Int64, Int) in
            let month = Self.month(2024, 5, minus: back)
            let date = utc.date(from: DateComponents(year: month.year, month: month.month, day: 10)) ?? firstDay
            return (Int64(date.timeIntervalSince1970), back)
        }
        for index in 0..<accounts {
            var value: Int64 = 0
            var previous = Int64(utc.date(from: DateComponents(year: 2023, month: 3, day: 1))?.timeIntervalSince1970 ?? 0)
            let perDay = Int64(15 + index % 30)
            for (instant, back) in dates {
                let days = (instant - previous + 43_200) / 86_400
                previous = instant
                var use = perDay * days
                if back == 0 {
                    if index % 50 == 1 { continue }
                    if index % 20 == 0 { use *= 3 }
                    if index % 97 == 2 { use = 0 }
                }
                value += use
                var read = Settle_Metering_V1_RegisterRead()
                read.meterSerial = String(format: "V%06d", index + 1)
                read.readAtUtc = instant
                read.value = value % 1_000_000
                message.registerReads.append(read)
            }
        }
        return [message]
    }
}

/// The started host's memory, found by its socket: peak RSS (VmHWM), reset between phases.
struct HostMemory {
    let pid: Int32?

    init(socketPath: String) {
        let folder = (socketPath as NSString).deletingLastPathComponent
        var found: Int32?
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("settled") == true, arguments.contains(folder) { found = pid }
        }
        pid = found
    }

    /// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM to the current RSS).
    func resetPeak() {
        guard let pid, let handle = FileHandle(forWritingAtPath: "/proc/\(pid)/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    var peakMiB: Double? {
        guard let pid, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1_024
        }
        return nil
    }
}
