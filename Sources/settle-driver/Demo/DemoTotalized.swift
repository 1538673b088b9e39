import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// The demo's totalized accounts: about a third of the large commercial and industrial
/// customers (a stream of draws of their own, salt 11, so the rest of the utility is unchanged)
/// take electric service at a second site on the same account — a warehouse beside the store,
/// a second building of the plant — with its own 15-minute meter. Programs groups the two
/// agreements into one bill; every other group sums demand coincidently (the peak of the
/// summed intervals), the rest non-coincidently (each meter's own peak summed).
struct DemoTotalized: Sendable {
    let run: DemoRun

    /// A lead account and the second site billed with it.
    struct Group: Sendable {
        let lead: DemoAccount
        let site: DemoAccount
        var coincident: Bool { lead.index % 2 == 0 }
    }

    /// Plan indexes of the second sites start here, so their draws never meet an account's.
    static let siteIndexOffset = 10_000_000

    /// The groups of the plan, a pure function of the seed like the plan itself.
    static func groups(_ plan: [DemoAccount], seed: UInt64) -> [Group] {
        plan.compactMap { lead in
            guard lead.rateClass == "large_commercial" || lead.rateClass == "industrial", lead.plant == nil, lead.electric.isInterval else { return nil }
            var random = DemoRandom(seed: seed, index: lead.index, salt: 11)
            guard random.chance(0.35) else { return nil }
            return Group(lead: lead, site: site(of: lead, random: &random))
        }
    }

    /// The second site: the lead's class, cycle and schedule; 40–80 % of its use; its own meter.
    private static func site(of lead: DemoAccount, random: inout DemoRandom) -> DemoAccount {
        let index = siteIndexOffset + lead.index
        let meter = lead.electric
        let electric = DemoMeter(
            serial: String(format: "T%07d", lead.index + 1), service: "electric", kind: "interval", dials: meter.dials,
            recordedCTRatio: meter.trueMultiplier, form: meter.form, serviceAmps: meter.serviceAmps, size: "",
            channels: [.kwhDelivered], touCapable: true, trueMultiplier: meter.trueMultiplier,
            installReading: Int64(random.next() % 100_000))
        return DemoAccount(
            index: index, rateClass: lead.rateClass, cycle: lead.cycle, premiseID: String(format: "DT%06d", lead.index + 1),
            premiseType: lead.premiseType, weatherZone: lead.weatherZone, customerKind: lead.customerKind,
            customerName: lead.customerName, street: "\(lead.street), Building 2",
            services: [DemoService(type: "electric", schedule: lead.electricSchedule)], electric: electric, water: nil, solar: false,
            dailyKWh: lead.dailyKWh * (0.4 + random.unit() * 0.4), dailyGallons: 0, plant: nil, taxExemptUntil: nil,
            criticalCare: false, payer: lead.payer)
    }

    /// Opens each second site on its lead's account: the premise, then service moved in on the
    /// day the utility's service starts. Keyed, so a repeated demo opens nothing twice.
    func openSites(_ groups: [Group], numbers: [Int: String]) async throws {
        guard !groups.isEmpty else { return }
        let client = run.accountsClient
        let prefix = run.keyPrefix
        let start = run.calendar.serviceStart
        let progress = DemoProgress("totalized sites", total: groups.count, quiet: run.quiet)
        try await Concurrently.run(groups.count, inFlight: 8) { index in
            let site = groups[index].site
            guard let number = numbers[groups[index].lead.index] else { return }
            _ = try await client.createPremise(.with {
                $0.idempotencyKey = "\(prefix)-site-premise-\(site.premiseID)"
                $0.premiseID = site.premiseID
                $0.serviceAddress = .with { $0.line1 = site.street; $0.city = "Settle"; $0.state = "TX"; $0.postalCode = "78701" }
                $0.weatherZone = site.weatherZone
                $0.premiseType = site.premiseType
            })
            _ = try await client.moveIn(.with {
                $0.idempotencyKey = "\(prefix)-site-move-in-\(site.premiseID)"
                $0.premiseID = site.premiseID
                $0.accountNumber = number
                $0.date = start
                $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = site.electricSchedule; $0.rateClass = site.rateClass }]
            })
            progress.advance()
        }
        progress.finish()
    }

    /// A group as enrolled: its lead agreement, whose bill carries the group.
    struct Enrolled: Sendable {
        let agreement: UInt64
        let group: Group
    }

    /// Enrols every group in `totalized` from the service start.
    func enrol(_ groups: [Group], numbers: [Int: String], summary: inout DemoSummary) async throws -> [Enrolled] {
        guard !groups.isEmpty else { return [] }
        let electric = try await run.agreements(of: groups.compactMap { numbers[$0.lead.index] }, service: "electric")
        let byPremise = Dictionary(electric.map { ($0.premiseID, $0.id) }, uniquingKeysWith: { first, _ in first })
        let programs = ProgramsV1.Client(transport: run.connection)
        let prefix = run.keyPrefix
        let start = run.calendar.serviceStart
        let progress = DemoProgress("totalized enrolments", total: groups.count, quiet: run.quiet)
        let enrolled = try await Concurrently.map(groups.count, inFlight: 8) { index -> Enrolled? in
            let group = groups[index]
            defer { progress.advance() }
            guard let lead = byPremise[group.lead.premiseID], let member = byPremise[group.site.premiseID] else { return nil }
            _ = try await programs.enroll(.with {
                $0.idempotencyKey = "\(prefix)-totalized-\(lead)"
                $0.kind = "totalized"
                $0.agreementID = lead
                $0.memberAgreementIds = [member]
                $0.demandMethod = group.coincident ? "coincident" : "non_coincident"
                $0.effectiveFrom = start
                $0.reason = "demo: one bill for the customer's two sites"
            })
            return Enrolled(agreement: lead, group: group)
        }.compactMap { $0 }
        progress.finish()
        let coincident = groups.filter(\.coincident).count
        summary.programs.append(("totalized groups (LGS, IND-TOU)", "\(DemoFormat.count(enrolled.count)) of \(DemoFormat.count(groups.count)) two-site accounts: \(DemoFormat.count(coincident)) coincident, \(DemoFormat.count(groups.count - coincident)) non-coincident"))
        return enrolled
    }
}

extension DemoTotalized {
    /// What totalizing did to the billed period: the groups' bills (one per group, its members
    /// skipped as billed with the lead), the demand they were billed on, and the coincident
    /// and non-coincident demand of every group side by side (Metering, one request).
    func summarizeEffects(_ leads: [Enrolled], summary: inout DemoSummary) async throws {
        guard !leads.isEmpty else { return }
        let rating = RatingV1.Client(transport: run.connection)
        let period = run.calendar.billedPeriod
        let bills = try await Concurrently.map(leads.count, inFlight: 8) { index -> (Settle_Rating_V1_Bill, Group)? in
            let lead = leads[index]
            let id = DemoProgramEffects.billID(period: period, cycle: lead.group.lead.cycle, agreement: lead.agreement)
            guard let bill = try? await rating.getBill(.with { $0.billID = id }) else { return nil }
            return (bill, lead.group)
        }
        var request = Settle_Metering_V1_GetCoincidentDemandRequest()
        var billedW: Int64 = 0, kwhWh: Int64 = 0, count = 0
        for case let (bill, group)? in bills where bill.rated.notes.contains(where: { $0.hasPrefix("Totalized account") }) {
            count += 1
            billedW += bill.input.maxDemandW
            kwhWh += bill.input.deliveredWh
            request.groups.append(.with {
                $0.id = bill.id
                $0.meters = [group.lead.electric.serial, group.site.electric.serial].map { serial in
                    .with { $0.meterSerial = serial; $0.fromDate = bill.input.periodStart; $0.toDate = bill.input.periodEnd }
                }
            })
        }
        let demand = request.groups.isEmpty ? [] : try await run.metering.getCoincidentDemand(request).groups.filter(\.problem.isEmpty)
        let coincident = demand.reduce(Int64(0)) { $0 + $1.coincidentDemandW }, nonCoincident = demand.reduce(Int64(0)) { $0 + $1.nonCoincidentDemandW }
        summary.programs.append(("totalized bills", "\(DemoFormat.count(count)): \(DemoFormat.count(Int(kwhWh / 1_000))) kWh, billed on \(DemoFormat.count(Int(billedW / 1_000))) kW"))
        summary.programs.append(("totalized demand, all groups", "coincident \(DemoFormat.count(Int(coincident / 1_000))) kW, non-coincident \(DemoFormat.count(Int(nonCoincident / 1_000))) kW"))
    }
}
