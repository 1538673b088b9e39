import SettleDomain
import SettleRPC

/// The account status rules: active → final → closed, and nothing else.
///
/// An account goes final when its last agreement ends (a move-out does this itself), and
/// closes once every final bill is out. It never comes back: a returning customer gets a
/// new account, so a closed account's history stays as it was billed.
enum AccountLifecycle {
    /// Throws FAILED_PRECONDITION naming the account, where it is and what is allowed, unless
    /// `from` → `to` is a transition an account may make (preconditions on agreements are
    /// checked by the caller, which knows them).
    static func checkTransition(account: String, from: AccountStatus, to: AccountStatus) throws(RPCError) {
        switch (from, to) {
        case (.active, .final), (.final, .closed):
            return
        case _ where from == to:
            throw AccountsError.failedPrecondition("account \(account) is already \(to.rawValue)")
        case (.active, .closed):
            throw AccountsError.failedPrecondition("account \(account) is active: it must go final (and its final bills go out) before it can close")
        case (_, .active):
            throw AccountsError.failedPrecondition("account \(account) is \(from.rawValue) and cannot become active again; open a new account (move-in without an account number)")
        default:
            throw AccountsError.failedPrecondition("account \(account) is \(from.rawValue) and cannot become \(to.rawValue)")
        }
    }
}
