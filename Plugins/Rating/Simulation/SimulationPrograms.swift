import Foundation
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The program effects a simulation applies, as the billing run's programs stage would.
///
/// A load profile is not an agreement, so by itself it has no enrolments: the request names
/// the group's other meters and the demand method, or an agreement whose enrolments in force
/// today supply them (its time-of-use schedule when no tariff is named, its totalized demand
/// method, with one member profile per member agreement). Winter averaging prices water, which
/// a kWh profile does not carry; it is named in the notes and not applied.
struct SimulationPrograms: Sendable {
    var tariffCode: String
    var demandMethod: Simulator.DemandMethod
    var notes: [String]
    /// The agreement's solar enrolment's metering, when the request names none.
    var solar: Settle_Programs_V1_SolarProgram?

    static func resolve(_ request: Settle_Rating_V1_SimulateBillRequest, programs: ProgramsV1.Client, timeZone: TimeZone) async throws -> SimulationPrograms {
        var resolved = SimulationPrograms(tariffCode: request.tariffCode, demandMethod: .coincident, notes: [])
        var requested: Simulator.DemandMethod?
        if !request.demandMethod.isEmpty {
            guard let method = Simulator.DemandMethod(rawValue: request.demandMethod) else {
                throw RatingError.invalid("demand_method", "'\(request.demandMethod)' is not coincident or non_coincident")
            }
            requested = method
        }
        if request.agreementID != 0 {
            let enrolments = try await programs.getEnrolments(.with { $0.agreementID = request.agreementID }).enrolments
            let today = LocalDate.today(in: timeZone).description
            let active = enrolments.filter { $0.status == "active" && $0.effectiveFrom <= today && ($0.effectiveTo.isEmpty || $0.effectiveTo >= today) }
            if let tou = active.first(where: { $0.kind == "tou" && $0.agreementID == request.agreementID }) {
                if resolved.tariffCode.isEmpty {
                    resolved.tariffCode = tou.rateSchedule
                    resolved.notes.append("Time of use (enrolment \(tou.id)): rated on \(tou.rateSchedule), the enrolment's schedule")
                } else if resolved.tariffCode != tou.rateSchedule {
                    resolved.notes.append("Time of use (enrolment \(tou.id)): the agreement bills on \(tou.rateSchedule); rated on \(resolved.tariffCode) as asked")
                }
            }
            if let group = active.first(where: { $0.kind == "totalized" && $0.agreementID == request.agreementID }) {
                // The enrolment lists the lead among its members; the lead's load is load_csv.
                let members = group.memberAgreementIds.filter { $0 != request.agreementID }
                guard request.memberLoadCsv.count == members.count else {
                    let listed = members.map(String.init).joined(separator: ", ")
                    throw RatingError.invalid("member_load_csv", "agreement \(request.agreementID) leads totalized enrolment \(group.id) with \(members.count) member agreement(s) (\(listed)); give one member_load_csv each, found \(request.memberLoadCsv.count)")
                }
                let method = Simulator.DemandMethod(rawValue: group.demandMethod) ?? .coincident
                if requested == nil { requested = method }
                resolved.notes.append("Totalized (enrolment \(group.id)): \(members.count + 1) meters, \(method == .coincident ? "coincident" : "non-coincident") demand"
                                      + (requested != method ? "; simulated \(requested == .coincident ? "coincident" : "non-coincident") as asked" : ""))
            } else if active.contains(where: { $0.kind == "totalized" }) {
                throw RatingError.failedPrecondition("agreement \(request.agreementID) is a member of a totalized group: simulate its lead agreement with every meter's load")
            }
            if let solar = active.first(where: { $0.kind == "solar" && $0.agreementID == request.agreementID }) {
                if request.metering.isEmpty {
                    resolved.solar = solar.solar
                    resolved.notes.append("Solar (enrolment \(solar.id)): \(solar.solar.metering), true-up month \(solar.solar.trueUpMonth), the bank empty at the file's start")
                } else {
                    resolved.notes.append("Solar (enrolment \(solar.id)): the agreement bills on \(solar.solar.metering); simulated \(request.metering) as asked")
                }
            }
            if let averaged = active.first(where: { $0.kind == "wastewater_average" }) {
                resolved.notes.append("Winter averaging (enrolment \(averaged.id)) prices wastewater from water use, which a kWh load profile does not carry: not applied")
            }
        }
        if resolved.tariffCode.isEmpty {
            throw RatingError.invalid("tariff_code", request.agreementID == 0 ? "a tariff code is required" : "a tariff code is required: agreement \(request.agreementID) has no time-of-use enrolment in force to take one from")
        }
        resolved.demandMethod = requested ?? .coincident
        if !request.memberLoadCsv.isEmpty, request.agreementID == 0 {
            resolved.notes.append("Totalized: \(request.memberLoadCsv.count + 1) meters, \(resolved.demandMethod == .coincident ? "coincident" : "non-coincident") demand")
        } else if request.memberLoadCsv.isEmpty, requested != nil, request.agreementID == 0 {
            throw RatingError.invalid("demand_method", "a demand method sums a totalized group's meters: give member_load_csv too")
        }
        return resolved
    }
}
