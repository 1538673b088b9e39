import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Deposits and the disconnections that bear on their refund.
extension CollectionsService {
    func getDepositStatus(_ request: Settle_Collections_V1_GetDepositStatusRequest, context: ServerContext) async throws -> Settle_Collections_V1_DepositStatus {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        let day = try date(request.asOf, field: "as_of").dayNumber
        return try await store.read { db in
            guard try LedgerStore.accountKnown(request.accountNumber, in: db) else {
                throw CollectionsError.notFound("account \(request.accountNumber) has no ledger entries")
            }
            return try DepositRules.status(account: request.accountNumber, on: day, policy: try PolicyStore.load(in: db), in: db)
        }
    }

    func recordDisconnection(
        _ request: Settle_Collections_V1_RecordDisconnectionRequest, context: ServerContext
    ) async throws -> Settle_Collections_V1_RecordDisconnectionResponse {
        guard !request.accountNumber.isEmpty else { throw CollectionsError.required("account_number") }
        let day = try LocalDate.parse(request.date, field: "date")
        try await requireAccount(request.accountNumber)
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            if request.decisionID > 0 {
                guard let decided = try EligibilityStore.decisionAccount(Int64(clamping: request.decisionID), in: db)
                else { throw CollectionsError.notFound("decision_id: no eligibility decision \(request.decisionID)") }
                guard decided == request.accountNumber else {
                    throw CollectionsError.invalid("decision_id", "decision \(request.decisionID) is account \(decided)'s, not \(request.accountNumber)'s")
                }
            }
            let id = try DisconnectionStore.insert(
                account: request.accountNumber, day: day.dayNumber, decisionID: request.decisionID == 0 ? nil : Int64(clamping: request.decisionID), in: db)
            var response = Settle_Collections_V1_RecordDisconnectionResponse()
            response.id = UInt64(clamping: id)
            try audit.record(entity: "disconnection/\(response.id)", after: AuditJSON.object([
                "account": request.accountNumber, "date": day.description, "decision_id": request.decisionID]))
            return response
        }
    }
}
