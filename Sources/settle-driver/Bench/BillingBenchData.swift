import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The billing benchmark's cycles, loaded (untimed) through Accounts and Metering:
/// cycle 8 — register-read accounts on BENCH-RES; cycle 9 — 15-minute interval accounts on
/// BENCH-TOU. Each account: a customer, a premise, a move-in and a meter installed and
/// activated on 2024-04-01, reads on the 2024-04 and 2024-05 read dates (04-10, 05-10), and
/// VEE run so Metering serves the period's determinants.
struct BillingBenchData {
    let accounts: AccountsV1.Client
    let metering: MeteringV1.Client
    let timeZone: TimeZone

    static let registerCycle: UInt32 = 8
    static let touCycle: UInt32 = 9
    static let period = "2024-05"
    static let valuesPerDay = 96
    static let days = 30

    init(accounts: AccountsV1.Client, metering: MeteringV1.Client, timeZone: TimeZone) {
        self.accounts = accounts
        self.metering = metering
        self.timeZone = timeZone
    }

    /// Local midnight of a date, UTC seconds.
    func midnight(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        Int64(LocalDate(year: year, month: month, day: day)?.startOfDay(in: timeZone).timeIntervalSince1970 ?? 0)
    }

    func load(registerAccounts: Int, touAccounts: Int) async throws {
        for cycle in [Self.registerCycle, Self.touCycle] {
            for (period, date) in [("2024-04", "2024-04-10"), ("2024-05", "2024-05-10")] {
                _ = try await metering.setReadSchedule(.with {
                    $0.idempotencyKey = "bench-billing-schedule-\(cycle)-\(period)"
                    $0.cycle = cycle
                    $0.period = period
                    $0.readDate = date
                })
            }
        }
        try await accounts(count: registerAccounts, prefix: "BR", cycle: Self.registerCycle, tariff: BenchBilling.registerTariff, interval: false)
        try await accounts(count: touAccounts, prefix: "BT", cycle: Self.touCycle, tariff: BenchBilling.touTariff, interval: true)
        try await reads(registerAccounts: registerAccounts, touAccounts: touAccounts)
        for cycle in [Self.registerCycle, Self.touCycle] {
            _ = try await metering.runVee(.with {
                $0.idempotencyKey = "bench-billing-vee-\(cycle)"
                $0.cycle = cycle
                $0.period = Self.period
            }, options: CallOptions(timeout: .seconds(1_800)))
        }
    }

    private func accounts(count: Int, prefix: String, cycle: UInt32, tariff: String, interval: Bool) async throws {
        let accounts = self.accounts
        let metering = self.metering
        try await Concurrently.run(count, inFlight: 64) { index in
            let premise = String(format: "%@%06d", prefix, index + 1)
            let serial = String(format: "%@M%06d", prefix, index + 1)
            _ = try await metering.addMeter(.with {
                $0.idempotencyKey = "bench-billing-add-\(serial)"
                $0.serial = serial
                $0.serviceType = "electric"
                $0.kind = interval ? "interval" : "register"
                $0.intervalMinutes = interval ? 15 : 0
                $0.touCapable = interval
                $0.dials = 6
                $0.form = "2S"
                $0.serviceAmps = 200
            })
            _ = try await metering.installMeter(.with {
                $0.idempotencyKey = "bench-billing-install-\(serial)"
                $0.serial = serial
                $0.premiseID = premise
                $0.date = "2024-04-01"
                $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
            })
            _ = try await metering.activateMeter(.with {
                $0.idempotencyKey = "bench-billing-activate-\(serial)"
                $0.serial = serial
            })
            try await BenchResident(
                keyPrefix: "bench-billing", keySuffix: premise, name: "Billing Bench \(premise)", premiseID: premise,
                street: "\(index + 1) Rate St", mailHere: true, moveIn: "2024-04-01", cycle: cycle, rateSchedule: tariff
            ).open(accounts)
        }
    }

    /// 30 days of 15-minute values: 240, 250 or 260 Wh, shifted a slot a day (720 kWh in all).
    static func intervalShape() -> [Int64] {
        var shape: [Int64] = []
        shape.reserveCapacity(valuesPerDay * days)
        for day in 0..<days {
            for slot in 0..<valuesPerDay {
                let step: Int = (day + slot) % 3 - 1
                shape.append(Int64(250 + step * 10))
            }
        }
        return shape
    }

    /// `intervalShape()` from `start` for each meter, 100 meters a message, one keyed import.
    static func importIntervals(_ serials: [String], start: Int64, key: String, metering: MeteringV1.Client) async throws -> Settle_Metering_V1_ImportReadsResponse {
        let values = intervalShape()
        return try await metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = key
            for serial in serials {
                var block = Settle_Metering_V1_IntervalBlock()
                block.meterSerial = serial
                block.channel = .kwhDelivered
                block.startUtc = start
                block.intervalMinutes = 15
                block.values = values
                message.intervalBlocks.append(block)
                if message.intervalBlocks.count == 100 {
                    try await writer.write(message)
                    message = Settle_Metering_V1_ImportReadsRequest()
                }
            }
            if !message.intervalBlocks.isEmpty { try await writer.write(message) }
        }
    }

    /// Register reads on 2024-04-10 and 2024-05-10 for every meter, and 30 days of 15-minute
    /// values for the interval meters (240, 250 or 260 Wh, shifted a slot a day so no day
    /// repeats the one before: 24 kWh a day, 720 kWh, equal to their register's delta).
    private func reads(registerAccounts: Int, touAccounts: Int) async throws {
        let opening = midnight(2024, 4, 10)
        let closing = midnight(2024, 5, 10)
        let start = opening
        let response = try await metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = "bench-billing-register-reads"
            for index in 0..<(registerAccounts + touAccounts) {
                let interval = index >= registerAccounts
                let serial = interval ? String(format: "BTM%06d", index - registerAccounts + 1) : String(format: "BRM%06d", index + 1)
                for (instant, value) in [(opening, Int64(0)), (closing, interval ? 720 : Int64(300 + index % 700))] {
                    var read = Settle_Metering_V1_RegisterRead()
                    read.meterSerial = serial
                    read.channel = .kwhDelivered
                    read.readAtUtc = instant
                    read.value = value
                    message.registerReads.append(read)
                }
                if message.registerReads.count >= 10_000 {
                    try await writer.write(message)
                    message = Settle_Metering_V1_ImportReadsRequest()
                }
            }
            if !message.registerReads.isEmpty || message.idempotencyKey.isEmpty == false { try await writer.write(message) }
        }
        guard response.committed else { throw DriverError("bench register reads rejected: \(response.rejected.first?.reason ?? "-")") }
        guard touAccounts > 0 else { return }
        let intervals = try await Self.importIntervals((0..<touAccounts).map { String(format: "BTM%06d", $0 + 1) }, start: start,
                                                       key: "bench-billing-intervals", metering: metering)
        guard intervals.committed else { throw DriverError("bench intervals rejected: \(intervals.rejected.first?.reason ?? "-")") }
    }
}
