import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// What happens when an account's final bill reaches the ledger: the deposit held is applied
/// to it (a `deposit_applied` entry) and the deposit's interest to the bill date is credited (a
/// `deposit_interest` entry), both dated the bill date, in the transaction that posts the
/// charge; the account is then closed in Accounts once its balance is zero or a credit (a
/// credit left on it is listed for refund by `ListCreditBalances`).
enum FinalBillSettlement {
    /// Applies the deposit for each final-bill charge just posted (once per account and bill).
    static func settle(_ charges: [(account: String, billID: String, billDay: Int)], in db: Database) throws -> [Settle_Collections_V1_FinalBillSettlement] {
        let policy = try PolicyStore.load(in: db)
        var result: [Settle_Collections_V1_FinalBillSettlement] = []
        for charge in charges {
            guard try !FinalBillStore.isSettled(account: charge.account, billID: charge.billID, in: db) else { continue }
            let deposit = try DepositRules.status(account: charge.account, on: charge.billDay, policy: policy, in: db)
            var settlement = Settle_Collections_V1_FinalBillSettlement()
            settlement.accountNumber = charge.account
            settlement.billID = charge.billID
            if deposit.heldCents > 0 {
                try LedgerStore.insert(NewEntry(
                    accountNumber: charge.account, kind: .depositApplied, amount: -deposit.heldCents, entryDay: charge.billDay,
                    dueDay: charge.billDay, billID: charge.billID, memo: "deposit applied to final bill \(charge.billID)",
                    depositCents: -deposit.heldCents), in: db)
                settlement.depositAppliedCents = deposit.heldCents
            }
            if deposit.interestCents > 0 {
                try LedgerStore.insert(NewEntry(
                    accountNumber: charge.account, kind: .depositInterest, amount: -deposit.interestCents, entryDay: charge.billDay,
                    dueDay: charge.billDay, billID: charge.billID,
                    memo: "deposit interest to \(LocalDate(dayNumber: charge.billDay)) on final bill \(charge.billID)"), in: db)
                settlement.interestCents = deposit.interestCents
            }
            try FinalBillStore.insert(
                account: charge.account, billID: charge.billID, billDay: charge.billDay,
                depositAppliedCents: settlement.depositAppliedCents, interestCents: settlement.interestCents, in: db)
            settlement.balanceCents = try LedgerStore.position(account: charge.account, on: nil, in: db).balance
            result.append(settlement)
        }
        return result
    }

    /// Final-billed accounts not yet closed whose balance is zero or a credit (to close now).
    static func closable(account: String, in db: Database) throws -> (billDay: Int, balance: Int64)? {
        guard let day = try FinalBillStore.openBillDay(account: account, in: db) else { return nil }
        let balance = try LedgerStore.position(account: account, on: nil, in: db).balance
        return balance <= 0 ? (day, balance) : nil
    }
}
