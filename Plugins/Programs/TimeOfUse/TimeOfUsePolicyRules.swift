import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The time-of-use policy as the contract carries it: its defaults, its checks, and the
/// `TimeOfUsePolicy` the enrolment rules run on.
enum TimeOfUsePolicyRules {
    /// The longest stay or wait a utility may set: five years, past any tariff's review cycle.
    static let maximumMonths: UInt32 = 60

    static var defaults: Settle_Programs_V1_TimeOfUsePolicy {
        .with {
            $0.minimumStayMonths = UInt32(TimeOfUsePolicy.standard.minimumStayMonths)
            $0.reEnrolWaitMonths = UInt32(TimeOfUsePolicy.standard.reEnrolWaitMonths)
        }
    }

    /// `current` with the fields `change` sets, each checked; a change that sets nothing is refused.
    static func merged(_ current: Settle_Programs_V1_TimeOfUsePolicy, _ change: Settle_Programs_V1_TimeOfUsePolicy) throws(RPCError) -> Settle_Programs_V1_TimeOfUsePolicy {
        guard change.hasMinimumStayMonths || change.hasReEnrolWaitMonths else {
            throw ProgramsError.invalid("policy", "set minimum_stay_months, re_enrol_wait_months or both")
        }
        var policy = current
        if change.hasMinimumStayMonths {
            guard change.minimumStayMonths <= maximumMonths else {
                throw ProgramsError.invalid("policy.minimum_stay_months", "\(change.minimumStayMonths) months; at most \(maximumMonths)")
            }
            policy.minimumStayMonths = change.minimumStayMonths
        }
        if change.hasReEnrolWaitMonths {
            guard change.reEnrolWaitMonths <= maximumMonths else {
                throw ProgramsError.invalid("policy.re_enrol_wait_months", "\(change.reEnrolWaitMonths) months; at most \(maximumMonths)")
            }
            policy.reEnrolWaitMonths = change.reEnrolWaitMonths
        }
        return policy
    }

    /// The rules an enrolment or an end is checked against.
    static func rules(_ policy: Settle_Programs_V1_TimeOfUsePolicy) -> TimeOfUsePolicy {
        var rules = TimeOfUsePolicy.standard
        if policy.hasMinimumStayMonths { rules.minimumStayMonths = Int(policy.minimumStayMonths) }
        if policy.hasReEnrolWaitMonths { rules.reEnrolWaitMonths = Int(policy.reEnrolWaitMonths) }
        return rules
    }
}
