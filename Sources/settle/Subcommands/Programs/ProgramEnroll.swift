import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle program enroll --kind K --agreement N [--members A,B] [--demand coincident]
/// [--rate-schedule CODE [--override]] [--metering OPTION [--true-up-month M]
/// [--yearend-sell-rate R] [--rollover] [--credit-expiry-months N]] --reason TEXT`.
struct ProgramEnroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Enrol an agreement (or a totalized group) in a program; a refusal lists every reason.")

    @Option(name: .long, help: "totalized, wastewater_average, tou or solar.") var kind: String
    @Option(name: .long, help: "The agreement billed (a totalized group's lead).") var agreement: UInt64
    @Option(name: .long, help: "Totalized: the group's other agreements, comma-separated.") var members: String?
    @Option(name: .long, help: "Totalized: coincident or non_coincident.") var demand: String?
    @Option(name: .long, help: "First day in force, YYYY-MM-DD (default today; tou: the next billing period's start).") var from: String?
    @Option(name: .long, help: "TOU: the time-of-use rate schedule to move the agreement to.") var rateSchedule: String?
    @Flag(name: .long, help: "TOU: override the re-enrolment wait (a supervisor; the reason says why).") var override = false
    @Option(name: .long, help: "Solar: net_metering, net_metering_dollars, net_billing, net_billing_carryover or buy_all_sell_all.") var metering: String?
    @Option(name: .long, help: "Solar: the true-up month, 1–12 (default 12).") var trueUpMonth: UInt32?
    @Option(name: .long, help: "Solar: $/kWh the bank left at the true-up is paid at.") var yearendSellRate: String?
    @Flag(name: .long, help: "Solar: carry what is left at the true-up into the next year.") var rollover = false
    @Option(name: .long, help: "Solar, net_billing_carryover: months after which credits expire.") var creditExpiryMonths: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard mutation.reason?.isEmpty == false else { throw ValidationError("--reason is required: an enrolment is audited with its reason") }
        if kind == "solar", metering == nil { throw ValidationError("--metering is required for a solar enrolment") }
        if let members, members.split(separator: ",").contains(where: { UInt64($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--members must be agreement numbers separated by commas, e.g. 1001,1002")
        }
    }

    func run() async throws {
        var request = Settle_Programs_V1_EnrollRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.kind = kind
        request.agreementID = agreement
        request.memberAgreementIds = (members ?? "").split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        request.demandMethod = demand ?? ""
        request.effectiveFrom = from ?? ""
        request.rateSchedule = rateSchedule ?? ""
        request.overridePolicy = override
        if let metering {
            request.solar = .with {
                $0.metering = metering
                $0.trueUpMonth = trueUpMonth ?? 0
                $0.yearendSellRate = yearendSellRate ?? ""
                $0.rollover = rollover
                $0.creditExpiryMonths = creditExpiryMonths ?? 0
            }
        }
        request.reason = mutation.reason ?? ""
        let enrolment = try await mutation.send(connection) { try await $0.client(ProgramsV1.Client.self).enroll(request, options: $1) }
        if connection.json { return try Output.message(enrolment) }
        Output.table(ProgramsFormat.enrolmentHeaders, ProgramsFormat.enrolmentRows([enrolment]))
    }
}
