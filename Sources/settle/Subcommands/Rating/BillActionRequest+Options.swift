import SettleContracts

extension Settle_Rating_V1_BillActionRequest {
    /// A release or cancel of `bill` as the command line gives it: the key and reason from
    /// `--idempotency-key` and `--reason` (Rating refuses an action without a reason).
    init(bill: String, _ mutation: MutationOptions) {
        self.init()
        idempotencyKey = mutation.resolvedKey()
        billID = bill
        reason = mutation.reason ?? ""
    }
}
