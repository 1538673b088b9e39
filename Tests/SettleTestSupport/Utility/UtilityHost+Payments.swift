public import SettleContracts

/// A customer's payment as it reaches Collections (a lockbox batch, a cheque), for the tests
/// that bill a small utility and then pay, return or dispute what it billed.
extension UtilityHost {
    /// Posts `cents` to `account`, paid on `date` under `reference`; answers Collections' response.
    @discardableResult
    public func postPayment(_ cents: Int64, to account: String, on date: String, reference: String) async throws -> Settle_Collections_V1_PostPaymentResponse {
        var payment = Settle_Collections_V1_PostPaymentRequest()
        payment.idempotencyKey = freshKey("payment")
        payment.accountNumber = account
        payment.amountCents = cents
        payment.paymentDate = date
        payment.reference = reference
        return try await collections.postPayment(payment)
    }
}
