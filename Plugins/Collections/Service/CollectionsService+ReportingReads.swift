import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The reads Reporting makes: the charges a billing register is tied to, many bills a call.
extension CollectionsService {
    func listBillCharges(
        _ request: Settle_Collections_V1_ListBillChargesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_ListBillChargesResponse {
        guard request.billIds.count <= PostedCharges.maximumBills else {
            throw CollectionsError.invalid("bill_ids", "\(request.billIds.count) bills; at most \(PostedCharges.maximumBills) a call")
        }
        if let index = request.billIds.firstIndex(where: \.isEmpty) { throw CollectionsError.required("bill_ids[\(index)]") }
        let ids = request.billIds
        return try await store.read { db in
            var response = Settle_Collections_V1_ListBillChargesResponse()
            response.charges = try PostedCharges.of(ids, in: db)
            return response
        }
    }
}

/// What an account's research summary reads of its collection cases, in one call.
extension CollectionsService {
    func getAccountCases(
        _ request: Settle_Collections_V1_GetAccountCasesRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_GetAccountCasesResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        let day = try date(request.asOf, field: "as_of").dayNumber
        let account = request.accountNumber
        return try await store.read { db in try AccountCases.of(account, on: day, in: db) }
    }
}
