import Foundation
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// A billing cycle set up through the real modules: tariff DS-RES (10.00 + 0.11/kWh), active
/// (saved and validated by one person, activated by another); `count` register-read accounts
/// on cycle 8, each with a customer, a premise, a move-in and a meter installed on 2024-04-01,
/// reads on 2024-04-10 (0) and 2024-05-10 (300 + i kWh), and VEE run for 2024-05.
struct BillingCycle {
    static let cycle: UInt32 = 8
    static let period = "2024-05"
    let host: SafetyHost
    let count: Int

    /// The bill of account i: 10.00 + (300 + i) × 0.11.
    static func billCents(_ index: Int) -> Int64 { 1_000 + Int64(300 + index) * 11 }

    func load() async throws -> [String] {
        let rating = host.client(RatingV1.Client.self)
        let metering = host.client(MeteringV1.Client.self)
        let accounts = host.client(AccountsV1.Client.self)
        _ = try await rating.createTariff(.with { $0.idempotencyKey = "ds-tariff"; $0.code = "DS-RES"; $0.rateClass = "residential" })
        var version = Settle_Rating_V1_TariffVersion()
        version.code = "DS-RES"
        version.version = 1
        version.effectiveFrom = "2024-01-01"
        version.customerCharge = .with { $0.amount = "10" }
        version.energy = .with { $0.periods = [.with { $0.name = "all"; $0.tiers = [.with { $0.rate = "0.11" }] }] }
        version.scenarios = [.with {
            $0.name = "500 kWh"
            $0.input = .with { $0.periodStart = "2024-04-10"; $0.periodEnd = "2024-05-10"; $0.deliveredWh = 500_000 }
            $0.expectedTotalCents = 6_500
        }]
        _ = try await rating.saveTariffVersion(.with { $0.idempotencyKey = "ds-save"; $0.version = version })
        _ = try await rating.validateTariffVersion(.with { $0.idempotencyKey = "ds-validate"; $0.code = "DS-RES"; $0.version = 1 })
        _ = try await host.client(RatingV1.Client.self, as: SafetyHost.secondPerson)
            .activateTariffVersion(.with { $0.idempotencyKey = "ds-activate"; $0.code = "DS-RES"; $0.version = 1 })
        for (period, date) in [("2024-04", "2024-04-10"), ("2024-05", "2024-05-10")] {
            _ = try await metering.setReadSchedule(.with {
                $0.idempotencyKey = "ds-schedule-\(period)"; $0.cycle = Self.cycle; $0.period = period; $0.readDate = date
            })
        }
        let count = self.count
        var numbers = [String](repeating: "", count: count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { (index, try await account(index, accounts: accounts, metering: metering)) }
            }
            for _ in 0..<min(8, self.count) { launch() }
            while let (index, number) = try await group.next() {
                numbers[index] = number
                if next < self.count { launch() }
            }
        }
        let chicago = TimeZone(identifier: "America/Chicago") ?? .current
        let opening = Int64(LocalDate(year: 2024, month: 4, day: 10)?.startOfDay(in: chicago).timeIntervalSince1970 ?? 0)
        let closing = Int64(LocalDate(year: 2024, month: 5, day: 10)?.startOfDay(in: chicago).timeIntervalSince1970 ?? 0)
        let reads = try await metering.importReads { writer in
            var message = Settle_Metering_V1_ImportReadsRequest()
            message.idempotencyKey = "ds-reads"
            for index in 0..<count {
                for (instant, value) in [(opening, Int64(0)), (closing, Int64(300 + index))] {
                    message.registerReads.append(.with {
                        $0.meterSerial = String(format: "DSM%05d", index)
                        $0.channel = .kwhDelivered
                        $0.readAtUtc = instant
                        $0.value = value
                    })
                }
            }
            try await writer.write(message)
        }
        guard reads.committed else { throw RPCError(.internalError, "reads rejected: \(reads.rejected.first?.reason ?? "-")") }
        _ = try await metering.runVee(.with { $0.idempotencyKey = "ds-vee"; $0.cycle = Self.cycle; $0.period = Self.period })
        return numbers
    }

    private func account(_ index: Int, accounts: AccountsV1.Client, metering: MeteringV1.Client) async throws -> String {
        let premise = String(format: "DS%05d", index)
        let serial = String(format: "DSM%05d", index)
        _ = try await metering.addMeter(.with {
            $0.idempotencyKey = "ds-add-\(serial)"; $0.serial = serial; $0.serviceType = "electric"; $0.kind = "register"
            $0.dials = 6; $0.form = "2S"; $0.serviceAmps = 200
        })
        _ = try await metering.installMeter(.with {
            $0.idempotencyKey = "ds-install-\(serial)"; $0.serial = serial; $0.premiseID = premise; $0.date = "2024-04-01"
            $0.reads = [.with { $0.channel = .kwhDelivered; $0.value = 0 }]
        })
        _ = try await metering.activateMeter(.with { $0.idempotencyKey = "ds-activate-\(serial)"; $0.serial = serial })
        let address = Settle_Accounts_V1_Address.with { $0.line1 = "\(index + 1) Safety St"; $0.city = "Springfield"; $0.state = "IL"; $0.postalCode = "62701" }
        let customer = try await accounts.createCustomer(.with {
            $0.idempotencyKey = "ds-customer-\(premise)"; $0.kind = "person"; $0.name = "Safety \(premise)"
            $0.contact.phone = "217-555-0100"; $0.contact.mailingAddress = address
        })
        _ = try await accounts.createPremise(.with {
            $0.idempotencyKey = "ds-premise-\(premise)"; $0.premiseID = premise; $0.serviceAddress = address
            $0.weatherZone = "north"; $0.premiseType = "residential"
        })
        let moved = try await accounts.moveIn(.with {
            $0.idempotencyKey = "ds-move-in-\(premise)"; $0.premiseID = premise; $0.date = "2024-04-01"
            $0.customerID = customer.customer.id; $0.billCycle = Self.cycle
            $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = "DS-RES"; $0.rateClass = "residential" }]
        })
        return moved.account.number
    }

    /// Runs the cycle to the end (batches of `batchSize`); the last progress message.
    func run(batchSize: UInt32, key: String = "ds-run") async throws -> Settle_Rating_V1_BillingProgress {
        var request = Settle_Rating_V1_RunBillingRequest()
        request.idempotencyKey = key
        request.cycle = Self.cycle
        request.period = Self.period
        request.billDate = "2024-05-12"
        request.batchSize = batchSize
        var last = Settle_Rating_V1_BillingProgress()
        for try await progress in try await host.client(RatingV1.Client.self).runBilling(request, options: CallOptions(timeout: .seconds(600))) {
            last = progress
        }
        return last
    }
}
