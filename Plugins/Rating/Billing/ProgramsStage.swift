import Foundation
import SettleContracts
import SettleModuleSDK
import SettleRPC

/// What the programs stage decided for one agreement of a batch.
struct ProgramEffects: Sendable {
    /// Billed on another agreement's bill (a totalized member), or why the group cannot bill.
    var skip: String?
    /// Wastewater winter averaging: the volume the wastewater charge prices.
    var wastewaterGallonsThousandths: Int64?
    /// The bill's notes: what was done and from which numbers.
    var notes: [String] = []
    /// Solar: the metering option and the bank the bill starts from.
    var solar: Settle_Rating_V1_SolarTerms?
    /// Budget billing: what the bill makes due under the agreement's plan.
    var budget: Settle_Programs_V1_BudgetInstallment?
}

/// The programs stage: one `PrepareBilling` call per batch to Programs for the enrolments of
/// the batch's agreements, then their effects. A totalized group's lead gets the group's
/// summed determinants (members outside the batch are asked of Metering, coincident demand
/// of all the batch's coincident groups in one call) and its members are skipped as billed
/// on the lead's bill; a wastewater-averaged agreement gets its wastewater volume.
extension BillingRunner {
    func applyPrograms(
        _ items: [Settle_Metering_V1_BillingDeterminants], settings: Settings, agreements: [UInt64: Settle_Accounts_V1_ServiceAgreement],
        tariffs: [String: Result<[TariffTerms], RPCError>]
    ) async throws -> (items: [Settle_Metering_V1_BillingDeterminants], effects: [UInt64: ProgramEffects]) {
        var request = Settle_Programs_V1_PrepareBillingRequest()
        request.agreements.reserveCapacity(items.count)
        for item in items where item.problem.isEmpty && !item.periodStart.isEmpty && !item.periodEnd.isEmpty {
            var entry = Settle_Programs_V1_BillingAgreement()
            entry.agreementID = item.agreementID
            entry.accountNumber = item.accountNumber
            entry.rateClass = item.rateClass
            entry.serviceType = item.serviceType
            entry.periodStart = item.periodStart
            entry.periodEnd = item.periodEnd
            entry.billID = BillIdentity.id(period: settings.periodText, cycle: settings.cycle, agreement: item.agreementID)
            if case .success(let terms)? = tariffs[item.rateSchedule], terms.contains(where: { $0.wastewater != nil }) {
                entry.billsWastewater = true
                entry.gallonsThousandths = item.gallonsThousandths
            }
            request.agreements.append(entry)
        }
        guard !request.agreements.isEmpty else { return (items, [:]) }
        request.billDate = settings.billDateText
        request.idempotencyKey = BillIdentity.programsKey(runID: settings.runID, request.agreements.map { "\($0.agreementID)@\($0.periodEnd)" })
        let answer = try await programs.prepareBilling(request)
        var effects: [UInt64: ProgramEffects] = [:]
        for volume in answer.wastewater {
            effects[volume.agreementID, default: ProgramEffects()].wastewaterGallonsThousandths = volume.billedGallonsThousandths
            effects[volume.agreementID, default: ProgramEffects()].notes.append(volume.note)
        }
        for balance in answer.solar {
            effects[balance.agreementID, default: ProgramEffects()].solar = SolarBanks.terms(balance)
        }
        for installment in answer.budget { effects[installment.agreementID, default: ProgramEffects()].budget = installment }
        // Time of use: the schedule itself changed in Accounts; the bill says since when.
        let periodStarts = Dictionary(request.agreements.map { ($0.agreementID, $0.periodStart) }, uniquingKeysWith: { first, _ in first })
        for enrolment in answer.enrolments where enrolment.kind == "tou" {
            guard let start = periodStarts[enrolment.agreementID], start >= enrolment.effectiveFrom else { continue }
            effects[enrolment.agreementID, default: ProgramEffects()].notes.append(
                "Time of use (enrolment \(enrolment.id)): billed on \(enrolment.rateSchedule) from \(enrolment.effectiveFrom), before on \(enrolment.previousRateSchedule)")
        }
        let groups = answer.enrolments.filter { $0.kind == "totalized" }
        guard !groups.isEmpty else { return (items, effects) }
        var result = items
        try await totalize(groups, items: &result, effects: &effects, settings: settings, agreements: agreements)
        return (result, effects)
    }

    /// Sums each group's members into its lead's determinants and skips the members.
    private func totalize(
        _ groups: [Settle_Programs_V1_Enrolment], items: inout [Settle_Metering_V1_BillingDeterminants], effects: inout [UInt64: ProgramEffects],
        settings: Settings, agreements: [UInt64: Settle_Accounts_V1_ServiceAgreement]
    ) async throws {
        let position = Dictionary(items.enumerated().map { ($0.element.agreementID, $0.offset) }, uniquingKeysWith: { first, _ in first })
        // Members' skips first: a member's turn may come in this batch or another.
        for group in groups {
            let leadBill = BillIdentity.id(period: settings.periodText, cycle: settings.cycle, agreement: group.agreementID)
            for member in group.allAgreements.dropFirst() where position[member] != nil {
                effects[member, default: ProgramEffects()].skip = "totalized: billed with agreement \(group.agreementID) on bill \(leadBill) (enrolment \(group.id))"
            }
        }
        // The leads in this batch, and the members' determinants they need from Metering.
        var missing: [Settle_Metering_V1_DeterminantsItem] = []
        var leads: [(group: Settle_Programs_V1_Enrolment, index: Int)] = []
        for group in groups {
            guard let index = position[group.agreementID], items[index].problem.isEmpty else { continue }
            let lead = items[index]
            leads.append((group, index))
            for member in group.allAgreements.dropFirst() where position[member] == nil {
                guard let directory = agreements[member] else { continue }
                missing.append(.init(agreement: member, premise: directory.premiseID, service: directory.serviceType,
                                     from: lead.periodStart, to: lead.periodEnd))
            }
        }
        guard !leads.isEmpty else { return }
        let fetched = Dictionary(try await determinants(of: missing).map { ($0.agreementID, $0) }, uniquingKeysWith: { first, _ in first })
        var members: [String: [Settle_Metering_V1_BillingDeterminants]] = [:]
        var coincident: [Settle_Metering_V1_CoincidentGroup] = []
        for (group, index) in leads {
            var found = [items[index]]
            var problems: [String] = []
            for member in group.allAgreements.dropFirst() {
                guard let item = position[member].map({ items[$0] }) ?? fetched[member] else {
                    problems.append("agreement \(member) has no determinants for the period")
                    continue
                }
                if !item.problem.isEmpty { problems.append("agreement \(member): \(item.problem)") }
                found.append(item)
            }
            guard problems.isEmpty else {
                effects[group.agreementID, default: ProgramEffects()].skip = "totalized group \(group.id) cannot bill: " + problems.joined(separator: "; ")
                continue
            }
            members[group.id] = found
            if group.demandMethod == "coincident" || found.allSatisfy(\.usesIntervals) {
                var request = Settle_Metering_V1_CoincidentGroup()
                request.id = group.id
                for item in found {
                    for segment in item.segments where segment.channel == .kwhDelivered {
                        var meter = Settle_Metering_V1_CoincidentMeter()
                        meter.meterSerial = segment.meterSerial
                        meter.fromDate = segment.fromDate
                        meter.toDate = segment.toDate
                        request.meters.append(meter)
                    }
                }
                if !request.meters.isEmpty { coincident.append(request) }
            }
        }
        var demands: [String: Settle_Metering_V1_CoincidentDemand] = [:]
        if !coincident.isEmpty {
            var request = Settle_Metering_V1_GetCoincidentDemandRequest()
            request.groups = coincident
            for demand in try await metering.getCoincidentDemand(request).groups { demands[demand.id] = demand }
        }
        for (group, index) in leads {
            guard let found = members[group.id] else { continue }
            let demand = demands[group.id]
            if group.demandMethod == "coincident", demand == nil || !(demand?.problem.isEmpty ?? true) {
                effects[group.agreementID, default: ProgramEffects()].skip = "totalized group \(group.id) cannot bill coincident demand: \(demand?.problem ?? "no interval data")"
                continue
            }
            let (summed, notes) = TotalizedDeterminants.sum(found, group: group, coincident: demand?.problem.isEmpty == true ? demand : nil, timeZone: timeZone)
            items[index] = summed
            effects[group.agreementID, default: ProgramEffects()].notes += notes
        }
    }
}

extension Settle_Programs_V1_Enrolment {
    /// Every agreement of the enrolment, the billed one (a totalized group's lead) first.
    var allAgreements: [UInt64] {
        [agreementID] + memberAgreementIds.filter { $0 != agreementID }
    }
}
