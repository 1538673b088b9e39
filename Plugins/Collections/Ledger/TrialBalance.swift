import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts

/// The trial balance: every account's balance computed by open-item accounting, summed,
/// against the plain sum of every entry, plus per-account consistency of open items.
enum TrialBalance {
    static func check(in db: Database) throws -> Settle_Collections_V1_CheckLedgerResponse {
        var response = Settle_Collections_V1_CheckLedgerResponse()
        try LedgerScan.positions(through: nil, in: db) { account, _, position in
            response.accounts += 1
            response.sumOfBalancesCents += position.balance
            let itemized = position.openItems.reduce(position.credit + position.deferred) { $0 + $1.open }
            if itemized != position.balance, response.problems.count < 100 {
                response.problems.append(
                    "account \(account): open items, credit and deferred balance sum to \(Dollars.plain(itemized)) but the balance is \(Dollars.plain(position.balance))")
            }
        }
        for (kind, sum, count) in try LedgerStore.sumsByKind(in: db) {
            response.byKindCents[kind] = sum
            response.sumOfEntriesCents += sum
            response.entries += UInt64(clamping: count)
        }
        if response.sumOfBalancesCents != response.sumOfEntriesCents {
            response.problems.append(
                "the balances sum to \(Dollars.plain(response.sumOfBalancesCents)) but the entries to \(Dollars.plain(response.sumOfEntriesCents))")
        }
        response.balanced = response.problems.isEmpty
        return response
    }
}
