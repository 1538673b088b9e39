import SettleContracts
import SettleDomain
import SettleRPC

/// The utility's time-of-use rules: how long a customer stays before leaving, how long
/// before enrolling again, and what a meter must give.
///
/// The stay keeps customers from switching in and out with the seasons (TOU pays off over a
/// year); a supervisor may override either period with a reason, which the audit keeps.
struct TimeOfUsePolicy: Sendable {
    /// Months an enrolment stays in force before the customer may leave.
    var minimumStayMonths = 12
    /// Months after an enrolment ends before the agreement may enrol again.
    var reEnrolWaitMonths = 12
    /// The coarsest interval data that can price time-of-use periods (they change on the
    /// quarter hour at the finest).
    var maximumIntervalMinutes: UInt32 = 15

    static let standard = TimeOfUsePolicy()

    /// The earliest last day in force for an enrolment that took effect on `from`.
    func earliestEnd(from: LocalDate) -> LocalDate { from.adding(months: minimumStayMonths).adding(days: -1) }

    /// Why an enrolment from `from` may not start, given the agreement's earlier TOU enrolments.
    func reEnrolRefusals(from: LocalDate, earlier: [Settle_Programs_V1_Enrolment]) -> [EnrolmentRefusal] {
        earlier.compactMap { other in
            guard other.kind == ProgramKind.tou.rawValue, other.status == "ended", let ended = LocalDate(other.effectiveTo) else { return nil }
            let allowed = ended.adding(months: reEnrolWaitMonths).adding(days: 1)
            guard from < allowed else { return nil }
            return EnrolmentRefusal(kind: .policy, message: "enrolment \(other.id) ended \(ended); enrolling again waits \(reEnrolWaitMonths) months (from \(allowed)) unless a supervisor overrides")
        }
    }

    /// Why a meter cannot bill time of use, from what Metering says of it (`problems` are
    /// ValidateMeter's answers for the TOU schedule).
    func capabilityRefusals(_ meter: Settle_Metering_V1_Meter, schedule: String, problems: [Settle_Metering_V1_ValidationProblem]) -> [EnrolmentRefusal] {
        var refusals: [EnrolmentRefusal] = []
        if meter.status != "active" {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) is \(meter.status.isEmpty ? "not active" : meter.status), not active"))
        }
        if meter.kind == "interval" {
            if meter.intervalMinutes == 0 || meter.intervalMinutes > maximumIntervalMinutes {
                refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) records \(meter.intervalMinutes)-minute intervals; \(schedule) needs \(maximumIntervalMinutes) minutes or finer"))
            }
        } else if meter.touCapable {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) is a register meter with TOU registers, but Metering records no reads per TOU period to match \(schedule)'s periods: \(schedule) needs interval data"))
        } else {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) is a register meter without TOU registers: \(schedule) needs interval data at \(maximumIntervalMinutes) minutes or finer"))
        }
        // Metering's own TOU-capability finding is the register case above, said more exactly.
        for problem in problems where problem.code != "tou_capability" {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) is not validated for \(schedule): [\(problem.code)] \(problem.message)"))
        }
        return refusals
    }
}

extension ServerContext {
    /// Whether the caller may override a program's policy (a supervisor or above).
    var canOverridePolicy: Bool { peer.role.satisfies(.supervisor) }
}
