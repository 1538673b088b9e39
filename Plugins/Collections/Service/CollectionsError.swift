import SettleDomain
import SettleRPC

/// The errors Collections answers with: each names the field or record that was wrong (the
/// shared shapes come from `ContractErrors`; these are Collections' own).
enum CollectionsError: ContractErrors {
    static func positive(_ field: String, _ value: Int64) -> RPCError {
        RPCError(.invalidArgument, "\(field): must be a positive number of cents; got \(value)")
    }

    /// Checks an amount a caller sent: more than 0 (`.positive`), 0 or more (`.notNegative`),
    /// either sign but not 0 (`.nonZero`) or anything (`.any`), and never beyond `Money.maximumCents` either way, so
    /// no sum of a ledger's amounts can overflow.
    static func cents(_ value: Int64, field: String, _ rule: AmountRule = .positive) throws(RPCError) {
        switch rule {
        case .positive where value <= 0: throw positive(field, value)
        case .notNegative where value < 0: throw invalid(field, "must not be negative; got \(value)")
        case .nonZero where value == 0: throw invalid(field, "must not be 0")
        default: break
        }
        guard value.magnitude <= Money.maximumCents.magnitude else {
            throw invalid(field, "\(Dollars.plain(value)) is beyond the largest amount Collections takes (\(Dollars.plain(Money.maximumCents)))")
        }
    }

    enum AmountRule { case positive, notNegative, nonZero, any }
}
