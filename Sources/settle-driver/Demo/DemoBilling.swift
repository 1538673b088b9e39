import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#endif

/// The demo's billing: its rate book made, tested, validated and — by a second person —
/// activated, then a billing run for every cycle, summed from the runs' registers.
struct DemoBilling: Sendable {
    let run: DemoRun


    func setUpTariffs(summary: inout DemoSummary) async throws -> Bool {
        let rating = RatingV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        var pending: [(code: String, version: UInt32)] = []
        for entry in DemoTariffs.all {
            let existing = try? await rating.getTariff(.with { $0.code = entry.code })
            if let existing, existing.versions.contains(where: { $0.status == "active" }) { continue }
            if existing == nil {
                _ = try await rating.createTariff(.with {
                    $0.idempotencyKey = "\(prefix)-tariff-\(entry.code)"
                    $0.code = entry.code
                    $0.name = entry.name
                    $0.rateClass = entry.rateClass
                    $0.serviceType = entry.service
                })
            }
            var version = existing?.versions.first { $0.status == "validated" || $0.status == "draft" }
            if version == nil {
                version = try await rating.saveTariffVersion(.with {
                    $0.idempotencyKey = "\(prefix)-tariff-\(entry.code)-v1"
                    $0.version = entry.version
                }, options: CallOptions(metadata: [MetadataKey.reason: "demo rate book"]))
            }
            guard let saved = version else { continue }
            if saved.status == "draft" {
                let tested = try await rating.testTariffVersion(.with { $0.code = entry.code; $0.version = saved.version })
                guard tested.allPassed else {
                    let failures = tested.results.filter { !$0.passed }.map { "\($0.name): expected \($0.expectedTotalCents), got \($0.actualTotalCents) \($0.failures.joined(separator: "; "))" }
                    throw DriverError("tariff \(entry.code) failed its hand-computed scenario: \(failures.joined(separator: " | "))")
                }
                _ = try await rating.validateTariffVersion(.with {
                    $0.idempotencyKey = "\(prefix)-tariff-\(entry.code)-validate"
                    $0.code = entry.code
                    $0.version = saved.version
                })
            }
            pending.append((entry.code, saved.version))
        }
        guard !pending.isEmpty else { return true }
        // Maker-checker: the activation must come from another identity than the one that
        // created the versions.
        guard let checker = try await checkerConnection() else {
            summary.skipped.append("billing: \(pending.count) tariffs are validated and wait for a second person to activate them (settle tariff activate CODE@VERSION as another user); run the demo as root with the quickstart's configuration to have its rates analyst do it")
            return false
        }
        defer { Task { await checker.close() } }
        let approver = RatingV1.Client(transport: checker)
        for (code, version) in pending {
            do {
                _ = try await approver.activateTariffVersion(.with {
                    $0.idempotencyKey = "\(prefix)-tariff-\(code)-activate"
                    $0.code = code
                    $0.version = version
                }, options: CallOptions(metadata: [MetadataKey.reason: "rate ordinance approved; second review by the rates analyst"]))
            } catch let error as RPCError where error.code == .permissionDenied {
                summary.skipped.append("billing: the rates analyst (uid \(SecondPerson.uid)) may not activate tariffs on this host (\(error.message)); give that uid the supervisor role, as deploy/quickstart.json does")
                return false
            }
        }
        return true
    }

    /// A connection as the demo's second person, or nil.
    private func checkerConnection() async throws -> SettleClient? {
        await SecondPerson.connect(to: run.connection.socketPath, agent: "settle-driver demo (rates analyst)")
    }

    func runBilling(summary: inout DemoSummary) async throws {
        let rating = RatingV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        let period = run.calendar.billedPeriod
        let billDate = "\(run.calendar.period(back: -1))-01"
        let progress = DemoProgress("billing, 20 cycles", total: summary.veeAgreements, quiet: run.quiet)
        try await Concurrently.run(20, inFlight: 2) { number in
            let cycle = UInt32(number + 1)
            var seen: UInt32 = 0
            let stream = try await rating.runBilling(.with {
                $0.idempotencyKey = "\(prefix)-bill-\(cycle)"
                $0.cycle = cycle
                $0.period = period
                $0.billDate = billDate
                $0.dueDays = 21
            }, options: DemoRun.longCall)
            for try await update in stream where update.processed > seen {
                progress.advance(by: Int(update.processed - seen))
                seen = update.processed
            }
        }
        progress.finish()

        var billed = 0, held = 0, skipped = 0
        var issued: Int64 = 0, posted: Int64 = 0, heldCents: Int64 = 0
        var skipReasons: [String: Int] = [:]
        for cycle in UInt32(1)...20 {
            let register = try await rating.getBillRegister(.with { $0.cycle = cycle; $0.period = period })
            billed += Int(register.billed)
            held += Int(register.held)
            skipped += Int(register.skipped)
            issued += register.issuedCents
            posted += register.postedCents
            heldCents += register.heldCents
            for line in register.lines where line.component.isEmpty {
                summary.revenueByClass[line.rateClass, default: 0] += line.amountCents
            }
            for skip in register.skips { skipReasons[Self.shortReason(skip.reason), default: 0] += 1 }
            let heldBills = try await rating.listBills(.with { $0.cycle = cycle; $0.period = period; $0.status = "held" })
            for bill in heldBills.bills {
                for reason in Set(bill.holdReasons.map(Self.shortReason)) { summary.billsHeldByReason[reason, default: 0] += 1 }
            }
        }
        summary.billing.append(("bills issued", DemoFormat.count(billed)))
        summary.billing.append(("bills held for review", "\(DemoFormat.count(held)) (\(DemoFormat.dollars(cents: heldCents)))"))
        summary.billing.append(("agreements skipped", skipped == 0 ? "0" : "\(DemoFormat.count(skipped)): " + skipReasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        summary.billing.append(("billed", DemoFormat.dollars(cents: issued)))
        summary.billing.append(("posted to Collections", DemoFormat.dollars(cents: posted)))
    }

    /// A reason without its particulars (numbers, ids), so like reasons count together.
    static func shortReason(_ reason: String) -> String {
        let head = reason.split(separator: ":", maxSplits: 1).first.map(String.init) ?? reason
        let words = head.split(separator: " ").filter { word in !word.contains(where: \.isNumber) }
        return words.prefix(7).joined(separator: " ")
    }
}
