public import SettleContracts

/// A customer's payment as it reaches Collections (a lockbox batch, a cheque), for the tests
/// that bill a small utility and then pay, return or dispute what it billed.
extension UtilityHost {
    /// Posts `cents` to `account`, paid on `date` under `reference`; answers Collections' response.
    @discardableResult
    public func postPayment(_ cents: Int64, to account: String, on date: String, reference: String) async throws -> Settle_Collections_V1_PostPaymentResponse {
        try await collections.postPayment(paymentPosting(cents, to: account, on: date, reference: reference))
    }
}

/// The request that posts `cents` to `account`, paid on `date` under `reference`. The utility
/// tests post through `UtilityHost` and the Collections tests through their own host; both
/// build the payment here, so a payment means the same in each.
public func paymentPosting(_ cents: Int64, to account: String, on date: String, reference: String, key: String = freshKey("payment")) -> Settle_Collections_V1_PostPaymentRequest {
    var payment = Settle_Collections_V1_PostPaymentRequest()
    payment.idempotencyKey = key
    payment.accountNumber = account
    payment.amountCents = cents
    payment.paymentDate = date
    payment.reference = reference
    return payment
}
