import SettleContracts
import SettleModuleSDK
import SettleRPC

/// The read a billing register is tied to: bills' charges in the ledger, many bills a call.
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
