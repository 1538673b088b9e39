import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts

/// The collections policy: one row holding the serialized `Policy` message, with defaults
/// until a supervisor sets one.
enum PolicyStore {
    /// The policy a new store starts with: 5 % late fee, $25 NSF fee, notices above $50
    /// five days after the due date, disconnect notice seven days later giving ten days,
    /// disconnection above $50, freezing at 32 °F, deposits 1/6 of annual billing at 2 %, credits and write-offs above
    /// $500 by two people.
    static var defaults: Settle_Collections_V1_Policy {
        var policy = Settle_Collections_V1_Policy()
        policy.lateFeeBasisPoints = 500
        policy.nsfFeeCents = 2_500
        policy.noticeThresholdCents = 5_000
        policy.noticeDaysAfterDue = 5
        policy.disconnectNoticeAfterDays = 7
        policy.disconnectNoticeDays = 10
        policy.disconnectThresholdCents = 5_000
        policy.coldLimitF = 32
        policy.depositBasisPoints = 1_667
        policy.depositInterestBasisPoints = 200
        policy.twoPersonThresholdCents = 50_000
        return policy
    }

    private static let row = MessageRow<Settle_Collections_V1_Policy>(table: "policy", keyColumn: "id", key: 1)

    static func load(in db: Database) throws -> Settle_Collections_V1_Policy {
        try row.load(in: db, defaults: defaults)
    }

    static func save(_ policy: Settle_Collections_V1_Policy, in db: Database) throws {
        try row.save(policy, in: db)
    }

    /// The holidays as day numbers.
    static func holidays(_ policy: Settle_Collections_V1_Policy) -> Set<Int> {
        Set(policy.holidays.compactMap { LocalDate(plausible: $0)?.dayNumber })
    }
}
