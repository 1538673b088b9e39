import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// An account's disputes, holds and arrangements, newest first: the listings a clerk needs to
/// see what sets amounts aside or stops collection, without knowing the ids.
extension CollectionsService {
    func listDisputes(_ request: Settle_Collections_V1_ListCasesRequest, context: ServerContext) async throws -> Settle_Collections_V1_ListDisputesResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        return try await store.read { db in
            var response = Settle_Collections_V1_ListDisputesResponse()
            for id in try CaseStore.recentDisputeIDs(account: request.accountNumber, in: db) {
                if let dispute = try CaseStore.dispute(id, in: db) { response.disputes.append(dispute) }
            }
            return response
        }
    }

    func listHolds(_ request: Settle_Collections_V1_ListCasesRequest, context: ServerContext) async throws -> Settle_Collections_V1_ListHoldsResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        return try await store.read { db in
            var response = Settle_Collections_V1_ListHoldsResponse()
            for id in try CaseStore.recentHoldIDs(account: request.accountNumber, in: db) {
                if let hold = try CaseStore.hold(id, in: db) { response.holds.append(hold) }
            }
            return response
        }
    }

    func listArrangements(_ request: Settle_Collections_V1_ListCasesRequest, context: ServerContext) async throws -> Settle_Collections_V1_ListArrangementsResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        let day = try date(request.asOf, field: "as_of").dayNumber
        return try await store.read { db in
            var response = Settle_Collections_V1_ListArrangementsResponse()
            for arrangement in try ArrangementStore.arrangements(account: request.accountNumber, in: db).reversed() {
                response.arrangements.append(try arrangement.proto(on: day, in: db))
            }
            return response
        }
    }
}
