import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The billing benchmark's programs cycle (10), loaded untimed like cycle 8: register-read
/// accounts on BENCH-RES, every tenth a water account on BENCH-WATER (winter averaged), every
/// hundredth electric account with a second premise totalized with the first
/// (non-coincident), and every twentieth (5 %) a 15-minute interval account enrolled in time
/// of use (moved to BENCH-TOU from the period's opening read, as cycle 9's accounts bill), so
/// a run applies programs to 1 % totalized groups, 5 % time of use and every water account;
/// 3 % are solar (a register meter with a received channel), alternately on net metering and
/// net billing, so the run reads and records their banks (one call each a batch).
/// every tenth electric account (index ending in 3) is on a budget plan (10 % budget accounts:
/// the class estimate, so every bill carries an installment and a deferred balance, and Rating
/// records each to its plan after posting).
/// Reads on 2024-04-10 and 2024-05-10; VEE run for 2024-05.
struct BenchProgramsData {
    let accounts: AccountsV1.Client
    let metering: MeteringV1.Client
    let programs: ProgramsV1.Client
    let timeZone: TimeZone

    static let cycle: UInt32 = 10
    static let waterTariff = "BENCH-WATER"

    init(accounts: AccountsV1.Client, metering: MeteringV1.Client, programs: ProgramsV1.Client, timeZone: TimeZone) {
        self.accounts = accounts
        self.metering = metering
        self.programs = programs
        self.timeZone = timeZone
    }

    /// What one account of the cycle is.
    struct Loaded: Sendable {
        let index: Int
        let agreement: UInt64
        let member: UInt64?
        let water: Bool
        let tou: Bool
        let solar: Bool
    }

    static func isWater(_ index: Int) -> Bool { index % 10 == 9 }
    static func isGrouped(_ index: Int) -> Bool { index % 100 == 0 }
    static func isTou(_ index: Int) -> Bool { index % 20 == 5 }
    /// 3 %: indexes 1, 34 and 67 of each hundred (none water, grouped or time of use).
    static func isSolar(_ index: Int) -> Bool { [1, 34, 67].contains(index % 100) }
    static func isBudget(_ index: Int) -> Bool { index % 10 == 3 }

    /// Loads `count` accounts and enrols them; returns how many agreements the cycle has.
    func load(count: Int) async throws -> Int {
        for (period, date) in [("2024-04", "2024-04-10"), ("2024-05", "2024-05-10")] {
            _ = try await metering.setReadSchedule(.with {
                $0.idempotencyKey = "bench-programs-schedule-\(period)"
                $0.cycle = Self.cycle
                $0.period = period
                $0.readDate = date
            })
        }
        let accounts = self.accounts, metering = self.metering
        let loaded = try await Concurrently.map(count, inFlight: 64) { index -> Loaded in
            let water = Self.isWater(index)
            let premise = String(format: "BP%06d", index + 1)
            let customer = try await accounts.createCustomer(.with {
                $0.idempotencyKey = "bench-programs-customer-\(premise)"
                $0.kind = Self.isGrouped(index) ? "organisation" : "person"
                $0.name = "Programs Bench \(premise)"
                $0.contact.phone = "217-555-0100"
                $0.contact.mailingAddress = IngestData.address("\(index + 1) Program St")
            })
            let lead = try await Self.service(premise, serial: String(format: "BPM%06d", index + 1), water: water, interval: Self.isTou(index), solar: Self.isSolar(index), account: nil,
                                              customer: customer.customer.id, index: index, accounts: accounts, metering: metering)
            var member: UInt64?
            if Self.isGrouped(index) {
                member = try await Self.service(String(format: "BPG%06d", index + 1), serial: String(format: "BPGM%06d", index + 1), water: false, interval: false, solar: false,
                                                account: lead.account, customer: customer.customer.id, index: index, accounts: accounts, metering: metering).agreement
            }
            return Loaded(index: index, agreement: lead.agreement, member: member, water: water, tou: Self.isTou(index), solar: Self.isSolar(index))
        }
        try await reads(count: count)
        let programs = self.programs
        let enrolled = loaded.filter { $0.water || $0.member != nil || $0.tou || $0.solar }
        _ = try await Concurrently.map(enrolled.count, inFlight: 64) { position -> Bool in
            let account = enrolled[position]
            _ = try await programs.enroll(.with {
                $0.idempotencyKey = "bench-programs-enrol-\(account.index)"
                $0.kind = account.water ? "wastewater_average" : account.tou ? "tou" : account.solar ? "solar" : "totalized"
                $0.agreementID = account.agreement
                if let member = account.member {
                    $0.memberAgreementIds = [member]
                    $0.demandMethod = "non_coincident"
                }
                if account.tou { $0.rateSchedule = BenchBilling.touTariff }
                if account.solar { $0.solar = .with { $0.metering = account.index % 2 == 0 ? "net_metering" : "net_billing"; $0.yearendSellRate = "0.03" } }
                // Time of use from the period's opening read, so the whole period bills on it.
                $0.effectiveFrom = account.tou ? "2024-04-10" : "2024-04-01"
                $0.reason = "benchmark enrolment"
            })
            return true
        }
        let budget = loaded.filter { Self.isBudget($0.index) }
        // A host whose Collections cannot show the ledger refuses budget plans; the run then
        // bills those accounts as usual (the log says how many were enrolled).
        let onBudget = try await Concurrently.map(budget.count, inFlight: 64) { position -> Bool in
            do {
                _ = try await programs.enrollBudget(.with {
                    $0.idempotencyKey = "bench-programs-budget-\(budget[position].index)"
                    $0.agreementID = budget[position].agreement
                    $0.effectiveFrom = "2024-04-01"
                    $0.reason = "benchmark enrolment"
                })
                return true
            } catch let error as RPCError where error.code == .failedPrecondition {
                return false
            }
        }.filter { $0 }.count
        FileHandle.standardError.write(Data("· budget plans: \(onBudget) of \(budget.count) accounts\n".utf8))
        _ = try await metering.runVee(.with {
            $0.idempotencyKey = "bench-programs-vee"
            $0.cycle = Self.cycle
            $0.period = BillingBenchData.period
        }, options: CallOptions(timeout: .seconds(1_800)))
        return count + loaded.filter { $0.member != nil }.count
    }

    /// A premise with its meter installed and activated on 2024-04-01 and its service moved in.
    private static func service(
        _ premise: String, serial: String, water: Bool, interval: Bool, solar: Bool, account: String?, customer: String, index: Int,
        accounts: AccountsV1.Client, metering: MeteringV1.Client
    ) async throws -> (agreement: UInt64, account: String) {
        _ = try await metering.addMeter(.with {
            $0.idempotencyKey = "bench-programs-add-\(serial)"
            $0.serial = serial
            $0.serviceType = water ? "water" : "electric"
            $0.kind = interval ? "interval" : "register"
            $0.intervalMinutes = interval ? 15 : 0
            $0.touCapable = interval
            $0.dials = 6
            if water {
                $0.channels = [.gallons]
                $0.size = "5/8"
            } else {
                $0.form = "2S"
                $0.serviceAmps = 200
                if solar { $0.channels = [.kwhDelivered, .kwhReceived] }
            }
        })
        _ = try await metering.installMeter(.with {
            $0.idempotencyKey = "bench-programs-install-\(serial)"
            $0.serial = serial
            $0.premiseID = premise
            $0.date = "2024-04-01"
            $0.reads = [.with { $0.channel = water ? .gallons : .kwhDelivered; $0.value = 0 }] + (solar ? [.with { $0.channel = .kwhReceived; $0.value = 0 }] : [])
        })
        _ = try await metering.activateMeter(.with { $0.idempotencyKey = "bench-programs-activate-\(serial)"; $0.serial = serial })
        _ = try await accounts.createPremise(.with {
            $0.idempotencyKey = "bench-programs-premise-\(premise)"
            $0.premiseID = premise
            $0.serviceAddress = IngestData.address("\(index + 1) Program St")
            $0.weatherZone = "north"
            $0.premiseType = "residential"
        })
        let moved = try await accounts.moveIn(.with {
            $0.idempotencyKey = "bench-programs-move-in-\(premise)"
            $0.premiseID = premise
            $0.date = "2024-04-01"
            if let account { $0.accountNumber = account } else { $0.customerID = customer; $0.billCycle = cycle }
            $0.services = [.with {
                $0.serviceType = water ? "water" : "electric"
                $0.rateSchedule = water ? waterTariff : BenchBilling.registerTariff
                $0.rateClass = "residential"
            }]
        })
        guard let agreement = moved.agreements.first else { throw DriverError("move-in at \(premise) started no agreement") }
        return (agreement.id, moved.account.number)
    }

    /// The meters' reads on the period's two read dates.
    private func reads(count: Int) async throws {
        let opening = Int64(LocalDate(year: 2024, month: 4, day: 10)?.startOfDay(in: timeZone).timeIntervalSince1970 ?? 0)
        let closing = Int64(LocalDate(year: 2024, month: 5, day: 10)?.startOfDay(in: timeZone).timeIntervalSince1970 ?? 0)
        let response = try await metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = "bench-programs-reads"
            func add(_ serial: String, water: Bool, closingValue: Int64, channel: Settle_Metering_V1_Channel? = nil) {
                for (instant, value) in [(opening, Int64(0)), (closing, closingValue)] {
                    var read = Settle_Metering_V1_RegisterRead()
                    read.meterSerial = serial
                    read.channel = channel ?? (water ? .gallons : .kwhDelivered)
                    read.readAtUtc = instant
                    read.value = value
                    message.registerReads.append(read)
                }
            }
            for index in 0..<count {
                let water = Self.isWater(index)
                // An interval meter's register moves by its intervals' 720 kWh (cycle 9's shape).
                add(String(format: "BPM%06d", index + 1), water: water,
                    closingValue: water ? Int64(3_000 + index % 50 * 100) : Self.isTou(index) ? 720 : Int64(300 + index % 700))
                if Self.isGrouped(index) { add(String(format: "BPGM%06d", index + 1), water: false, closingValue: 200) }
                // Solar: exports of 150–349 kWh, above the use on about half of them (a bank).
                if Self.isSolar(index) { add(String(format: "BPM%06d", index + 1), water: false, closingValue: Int64(150 + index % 200), channel: .kwhReceived) }
                if message.registerReads.count >= 10_000 {
                    try await writer.write(message)
                    message = Settle_Metering_V1_ImportReadsRequest()
                }
            }
            if !message.registerReads.isEmpty { try await writer.write(message) }
        }
        guard response.committed else { throw DriverError("bench programs reads rejected: \(response.rejected.first?.reason ?? "-")") }
        let touIndexes = (0..<count).filter(Self.isTou)
        guard !touIndexes.isEmpty else { return }
        let intervals = try await BillingBenchData.importIntervals(touIndexes.map { String(format: "BPM%06d", $0 + 1) }, start: opening,
                                                                   key: "bench-programs-intervals", metering: metering)
        guard intervals.committed else { throw DriverError("bench programs intervals rejected: \(intervals.rejected.first?.reason ?? "-")") }
    }
}

extension BenchProgramsData {
    /// BENCH-WATER: a $10 base charge, water $5 and wastewater $4 per 1,000 gallons.
    static func waterVersion(_ version: inout Settle_Rating_V1_TariffVersion) {
        version.water = .with { $0.base = [.with { $0.meterSize = ""; $0.amount = "10" }]; $0.tiers = [.with { $0.rate = "5" }] }
        version.wastewater = .with { $0.tiers = [.with { $0.rate = "4" }] }
        // 5,000 gallons in 30 days: 10 + 25 + 20.
        version.scenarios = [.with {
            $0.name = "5,000 gallons"
            $0.input = .with { $0.periodStart = "2024-04-10"; $0.periodEnd = "2024-05-10"; $0.gallonsThousandths = 5_000_000 }
            $0.expectedTotalCents = 5_500
        }]
    }
}
