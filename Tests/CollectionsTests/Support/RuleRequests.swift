import Foundation
import SettleContracts
import SettleDomain
import SettleTestSupport

/// Short forms of the calls the collections rule tests make.
extension CollectionsHost {
    @discardableResult
    func returnPayment(_ reference: String, on date: String, reason: String = "") async throws -> Settle_Collections_V1_ReturnPaymentResponse {
        var request = Settle_Collections_V1_ReturnPaymentRequest()
        request.idempotencyKey = freshKey("return")
        request.reference = reference
        request.returnDate = date
        request.reason = reason
        return try await client.returnPayment(request)
    }

    @discardableResult
    func openDispute(_ account: String, cents: Int64, on date: String, description: String = "meter read questioned") async throws -> Settle_Collections_V1_Dispute {
        var request = Settle_Collections_V1_OpenDisputeRequest()
        request.idempotencyKey = freshKey("dispute")
        request.accountNumber = account
        request.amountCents = cents
        request.openedDate = date
        request.description_p = description
        return try await client.openDispute(request).dispute
    }

    func assessLateFees(_ asOf: String) async throws -> Settle_Collections_V1_AssessLateFeesResponse {
        var request = Settle_Collections_V1_AssessLateFeesRequest()
        request.idempotencyKey = freshKey("late-fees")
        request.asOf = asOf
        return try await client.assessLateFees(request)
    }

    /// A hold on `cents` of `account`'s balance from `start` through `expiry`.
    @discardableResult
    func placeHold(_ account: String, cents: Int64, reason: String, from start: String, through expiry: String) async throws -> Settle_Collections_V1_Hold {
        var request = Settle_Collections_V1_PlaceHoldRequest()
        request.idempotencyKey = freshKey("hold")
        request.accountNumber = account
        request.amountCents = cents
        request.reason = reason
        request.startDate = start
        request.expiryDate = expiry
        return try await client.placeHold(request).hold
    }

    /// An arrangement of a down payment and `installments` equal monthly installments.
    func arrange(_ account: String, down: Int64, start: String, installments: UInt32) async throws -> Settle_Collections_V1_Arrangement {
        var request = Settle_Collections_V1_CreateArrangementRequest()
        request.idempotencyKey = freshKey("arrangement")
        request.accountNumber = account
        request.downPaymentCents = down
        request.startDate = start
        request.installments = installments
        return try await client.createArrangement(request).arrangement
    }

    /// An arrangement with an explicit schedule `[(date, cents)]`.
    func arrange(_ account: String, start: String, _ installments: [(String, Int64)]) async throws -> Settle_Collections_V1_Arrangement {
        var request = Settle_Collections_V1_CreateArrangementRequest()
        request.idempotencyKey = freshKey("arrangement")
        request.accountNumber = account
        request.startDate = start
        request.schedule = installments.map { date, cents in
            var item = Settle_Collections_V1_Installment()
            item.dueDate = date
            item.amountCents = cents
            return item
        }
        return try await client.createArrangement(request).arrangement
    }

    func arrangement(_ id: UInt64, asOf: String) async throws -> Settle_Collections_V1_Arrangement {
        var request = Settle_Collections_V1_GetArrangementRequest()
        request.arrangementID = id
        request.asOf = asOf
        return try await client.getArrangement(request).arrangement
    }

    @discardableResult
    func recordBankruptcy(
        _ customer: String, petition: String, caseNumber: String = "25-20001", chapter: UInt32 = 13, court: String = "C.D. Ill."
    ) async throws -> UInt64 {
        let request = bankruptcyCase(customer, number: caseNumber, chapter: chapter, petition: petition, court: court)
        return try await accounts.recordBankruptcyCase(request).customer.bankruptcyCases.first { $0.caseNumber == caseNumber }?.id ?? 0
    }

    func resolveBankruptcy(_ customer: String, caseID: UInt64, outcome: String, on date: String) async throws {
        var request = Settle_Accounts_V1_ResolveBankruptcyCaseRequest()
        request.idempotencyKey = freshKey("bk-resolve")
        request.customerID = customer
        request.caseID = caseID
        request.outcome = outcome
        request.resolvedDate = date
        _ = try await accounts.resolveBankruptcyCase(request)
    }
}

/// A bill charge with its service period.
func serviceCharge(
    _ bill: String, account: String, agreement: UInt64, cents: Int64, service: (String, String), billDate: String, dueDate: String
) -> Settle_Collections_V1_BillCharge {
    var result = charge(bill, account: account, agreement: agreement, cents: cents, billDate: billDate, dueDate: dueDate)
    result.serviceStartDate = service.0
    result.serviceEndDate = service.1
    return result
}

/// Weather rows for `zone` with a mild low on every day from `first` through `last` (same year).
func mildWeather(zone: String = "north", from first: String, through last: String) -> String {
    var rows = ["date,zone,forecast_low_f,heat_advisory"]
    guard var day = LocalDate(first), let end = LocalDate(last) else { return rows[0] }
    while day <= end {
        rows.append("\(day),\(zone),45,no")
        day = day.adding(days: 1)
    }
    return rows.joined(separator: "\n")
}
