public import SettleContracts

/// The end of an account's service: a move-out and the final bill made on demand. The
/// lifecycle and register tests close accounts the same way; one place keeps the requests.
extension UtilityHost {
    /// Ends the service on `account` on `date`.
    public func moveOut(_ account: String, on date: String) async throws {
        var request = Settle_Accounts_V1_MoveOutRequest()
        request.idempotencyKey = freshKey("move-out")
        request.accountNumber = account
        request.date = date
        _ = try await accounts.moveOut(request)
    }

    /// Bills `agreement`'s final period now, dated `billDate` (`BillFinal`, `settle bill final`).
    public func billFinal(_ agreement: UInt64, billDate: String, key: String = freshKey("final")) async throws -> Settle_Rating_V1_BillFinalResponse {
        var request = Settle_Rating_V1_BillFinalRequest()
        request.idempotencyKey = key
        request.agreementID = agreement
        request.billDate = billDate
        return try await rating.billFinal(request)
    }
}
