import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The two-person rule for large credits and write-offs: above the policy's
/// `two_person_threshold_cents`, `PostEntry` posts nothing and keeps the entry pending until a
/// different person (by socket identity) approves it with `ApproveEntry`.
extension CollectionsService {
    /// The pending response when `request` must wait for a second person, else nil.
    static func holdForSecondPerson(
        _ request: Settle_Collections_V1_PostEntryRequest, kind: EntryKind, day: LocalDate, due: LocalDate, maker: String,
        audit: AuditTrail, in db: Database
    ) throws -> Settle_Collections_V1_PostEntryResponse? {
        guard kind == .credit || kind == .writeOff else { return nil }
        let threshold = try PolicyStore.load(in: db).twoPersonThresholdCents
        guard threshold > 0, request.amountCents > threshold else { return nil }
        let id = try PendingEntryStore.insert(
            account: request.accountNumber, kind: kind.rawValue, amountCents: request.amountCents, entryDay: day.dayNumber,
            dueDay: due.dayNumber, memo: request.memo, maker: maker, in: db)
        try audit.record(entity: "pending-entry/\(id)", after: AuditJSON.object([
            "account": request.accountNumber, "kind": kind.rawValue, "amount_cents": request.amountCents,
            "entry_date": day.description, "maker": maker, "threshold_cents": threshold,
        ]))
        var response = Settle_Collections_V1_PostEntryResponse()
        response.pendingApprovalID = UInt64(id)
        response.balanceCents = try LedgerStore.balance(account: request.accountNumber, in: db)
        return response
    }

    func approveEntry(_ request: Settle_Collections_V1_ApproveEntryRequest, context: ServerContext) async throws -> Settle_Collections_V1_PostEntryResponse {
        guard request.pendingID > 0 else { throw CollectionsError.required("pending_id") }
        let approver = context.peer.actor
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = Int64(clamping: request.pendingID)
            guard let row = try PendingEntryStore.pending(id, in: db) else {
                throw CollectionsError.notFound("no pending entry \(request.pendingID)")
            }
            let maker: String = row["maker"]
            guard (row["status"] as String) == "pending" else {
                throw CollectionsError.failedPrecondition("pending entry \(id) was already approved by \(row["approved_by"] as String) as ledger entry \(row["entry_id"] as Int64)")
            }
            guard maker != approver else {
                throw CollectionsError.denied("pending entry \(id) was entered by \(approver); another person must approve it")
            }
            guard let kind = EntryKind(rawValue: row["kind"]), let effect = EntryKind.postable[kind] else {
                throw CollectionsError.failedPrecondition("pending entry \(id) has an unknown kind")
            }
            let account: String = row["account_number"]
            let amount: Int64 = row["amount_cents"]
            let entry = try LedgerStore.insert(NewEntry(
                accountNumber: account, kind: kind, amount: effect.balance * amount, entryDay: row["entry_day"], dueDay: row["due_day"],
                memo: row["memo"]), in: db)
            try PendingEntryStore.markApproved(id, by: approver, entryID: entry, in: db)
            var response = try Self.entryResponse(id: entry, account: account, audit: nil, in: db)
            try Self.auditEntry(response.entry, balance: response.balanceCents, audit: audit,
                                before: AuditJSON.object(["pending_entry": id, "maker": maker]),
                                extra: ["pending_entry": id])
            response.pendingApprovalID = UInt64(id)
            return response
        }
    }
}
