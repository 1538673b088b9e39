import SettleContracts
import SettleTestSupport

// MARK: Request builders for an account's life by hand
//
// Opening an account without a move-in, starting an agreement on it, recording its final
// bill and changing its status: the lifecycle, agreement and audit tests all walk these
// steps. One place builds the requests, so each test names only the values it checks.

/// An account for `customer` on bill cycle `cycle`, opened on `opened`, holding `deposit` cents.
func accountOpening(customer: String, cycle: UInt32, opened: String, deposit: Int64 = 0, key: String = freshKey("open")) -> Settle_Accounts_V1_OpenAccountRequest {
    var request = Settle_Accounts_V1_OpenAccountRequest()
    request.idempotencyKey = key
    request.customerID = customer
    request.billCycle = cycle
    request.depositCents = deposit
    request.openedDate = opened
    return request
}

/// `service` at `premise` on `account` from `date`, billed on `schedule` for `rateClass`.
func agreementStart(
    account: String = "100001", premise: String = "P000001", service: String = "electric",
    schedule: String = "RES-1", rateClass: String = "residential", on date: String, key: String = freshKey("start")
) -> Settle_Accounts_V1_StartServiceAgreementRequest {
    var request = Settle_Accounts_V1_StartServiceAgreementRequest()
    request.idempotencyKey = key
    request.accountNumber = account
    request.premiseID = premise
    request.serviceType = service
    request.rateSchedule = schedule
    request.rateClass = rateClass
    request.startDate = date
    return request
}

/// The final bill of `agreement`, billed on `date` (the agreement must be pending final).
func finalBillCompletion(agreement: UInt64, billed date: String, key: String = freshKey("final-bill")) -> Settle_Accounts_V1_CompleteFinalBillRequest {
    var request = Settle_Accounts_V1_CompleteFinalBillRequest()
    request.idempotencyKey = key
    request.agreementID = agreement
    request.billedDate = date
    return request
}

/// `account` moved to `status` (active, final or closed) on `date`.
func statusChange(_ account: String, to status: String, on date: String, key: String = freshKey("status")) -> Settle_Accounts_V1_ChangeAccountStatusRequest {
    var request = Settle_Accounts_V1_ChangeAccountStatusRequest()
    request.idempotencyKey = key
    request.accountNumber = account
    request.status = status
    request.date = date
    return request
}
