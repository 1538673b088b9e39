import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The Collections side of the account lifecycle: closing a final-billed account in Accounts
/// once its balance is zero, and listing the credit balances left for refund.
extension CollectionsService {
    /// Closes `account` in Accounts (final, then closed) when its final bill is posted and its
    /// balance is zero or a credit. Accounts' refusal (an agreement still in service or waiting
    /// for its final bill) is reported, not thrown: the posting stands, and the next posting or
    /// payment tries again. Keys derive from the account, so a retry closes once.
    func closeIfSettled(_ account: String, context: ServerContext) async -> (status: String, detail: String) {
        do {
            guard let closable = try await store.read({ db in try FinalBillSettlement.closable(account: account, in: db) }) else {
                return ("final", "balance still owed: the account closes when it is paid")
            }
            let date = LocalDate(dayNumber: max(closable.billDay, today.dayNumber)).description
            var get = Settle_Accounts_V1_GetAccountRequest()
            get.accountNumber = account
            var status = try await accountsClient.getAccount(get).account.status
            for target in ["final", "closed"] where status != "closed" && !(target == "final" && status == "final") {
                var change = Settle_Accounts_V1_ChangeAccountStatusRequest()
                change.idempotencyKey = "collections-close-\(account)-\(target)"
                change.accountNumber = account
                change.status = target
                change.date = date
                status = try await accountsClient.changeAccountStatus(change).account.status
            }
            let closed = status == "closed"
            if closed {
                _ = try await store.write { db in try FinalBillStore.markClosed(account: account, on: closable.billDay, in: db) }
            }
            return (status, closed ? "closed with balance \(Dollars.plain(closable.balance))" : "Accounts left it \(status)")
        } catch let error as RPCError {
            return ("", "Accounts did not close it: \(error.message)")
        } catch {
            return ("", "Accounts did not close it: \(error)")
        }
    }

    func listCreditBalances(
        _ request: Settle_Collections_V1_ListCreditBalancesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_ListCreditBalancesResponse {
        let day = try date(request.asOf, field: "as_of").dayNumber
        return try await store.read { db in
            let finals = try FinalBillStore.finalBills(through: day, in: db)
            var response = Settle_Collections_V1_ListCreditBalancesResponse()
            let only = request.includeActive ? nil : finals.keys.sorted()
            try LedgerScan.positions(through: day, accounts: only, in: db) { account, _, position in
                guard position.balance < 0 else { return }
                var row = Settle_Collections_V1_CreditBalance()
                row.accountNumber = account
                row.creditCents = position.balance
                if let final = finals[account] {
                    row.finalBillID = final.bill
                    row.finalBillDate = LocalDate(dayNumber: final.day).description
                }
                response.totalCents += position.balance
                if response.accounts.count < 100_000 { response.accounts.append(row) }
            }
            return response
        }
    }
}
