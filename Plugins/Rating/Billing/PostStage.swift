import SettleContracts
import SettleModuleSDK

/// The post stage: a stored batch's issued bills to Collections (one charge per bill, the
/// request keyed by the set of bill ids), then marked posted.
extension BillingRunner {
    /// What Collections answered for one posting.
    struct PostingResult: Sendable {
        let posted: UInt32
        let alreadyPosted: UInt32
    }

    /// Bills Collections has confirmed, to be marked posted in the store.
    struct PostedMark: Sendable {
        let ids: [String]
        /// The batch's posting key when its bills were stored with it (marked with one row);
        /// nil marks each bill.
        let key: String?
        let response: Settle_Collections_V1_PostBillChargesResponse
    }

    /// Posts issued bills to Collections and marks them posted.
    func post(_ bills: [Settle_Rating_V1_Bill]) async throws -> PostingResult {
        guard !bills.isEmpty else { return PostingResult(posted: 0, alreadyPosted: 0) }
        let mark = try await postOnly(bills, key: nil)
        try await markPosted([mark])
        return PostingResult(posted: mark.response.posted, alreadyPosted: mark.response.alreadyPosted)
    }

    /// Posts issued bills to Collections without marking them: a run marks them in the
    /// transaction that stores a later batch, so posting is one step shorter.
    func postOnly(_ bills: [Settle_Rating_V1_Bill], key: String?) async throws -> PostedMark {
        PostedMark(ids: bills.map(\.id), key: key, response: try await BillPosting.post(bills, key: key, collections: collections, programs: programs))
    }

    func markPosted(_ marks: [PostedMark]) async throws {
        guard !marks.isEmpty else { return }
        let actor = actor, method = method, reason = reason
        try await store.write { db in
            for mark in marks { try BillStore.markPosted(mark.ids, response: mark.response, postingKey: mark.key, actor: actor, method: method, reason: reason, in: db) }
        }
    }
}

extension Settle_Rating_V1_BillingProgress {
    mutating func apply(_ result: BillingRunner.PostingResult) {
        posted += result.posted
        alreadyPosted += result.alreadyPosted
    }
}
