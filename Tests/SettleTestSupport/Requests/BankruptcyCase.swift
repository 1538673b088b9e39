public import SettleContracts

/// A bankruptcy case for Accounts to record against `customer`: case `number` under `chapter`,
/// petitioned on `petition`, in `court` (empty when the test does not care).
///
/// Accounts tests record cases to check the record itself; Collections and Refunds tests
/// record them to put a customer under the stay. One builder keeps that request alike in all.
public func bankruptcyCase(
    _ customer: String, number: String, chapter: UInt32, petition: String, court: String = "", key: String = freshKey("case")
) -> Settle_Accounts_V1_RecordBankruptcyCaseRequest {
    var request = Settle_Accounts_V1_RecordBankruptcyCaseRequest()
    request.idempotencyKey = key
    request.customerID = customer
    request.caseNumber = number
    request.chapter = chapter
    request.petitionDate = petition
    request.court = court
    return request
}
