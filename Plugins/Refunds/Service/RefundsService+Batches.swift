import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Disbursement batches: gather approved refunds (each first applied to what the customer
/// owes elsewhere), write the check register and the ACH file from what is stored, and post
/// each refund once when the batch is released.
extension RefundsService {
    /// The most requests one batch takes.
    static let batchLimit = 100_000
    /// Items marked posted per Refunds transaction while releasing.
    static let releaseChunk = 500
    /// Postings in flight to Collections while releasing.
    static let postingsInFlight = 8

    func createBatch(_ request: Settle_Refunds_V1_CreateBatchRequest, context: ServerContext) async throws -> Settle_Refunds_V1_DisbursementBatch {
        let date = try RefundsError.date(request.batchDate, field: "batch_date", default: today)
        guard request.refundIds.count <= Self.batchLimit else { throw RefundsError.invalid("refund_ids", "\(request.refundIds.count) requests; a batch takes at most \(Self.batchLimit)") }
        let ids = request.refundIds
        let (policy, candidates) = try await store.read { db in
            (try RefundPolicyStore.load(in: db),
             ids.isEmpty ? try RefundStore.approvedUnbatched(limit: Self.batchLimit, in: db) : try ids.enumerated().map { index, id in
                 try RefundStore.load(id, field: "refund_ids[\(index)]", in: db)
             })
        }
        for refund in candidates where refund.status != RefundStatus.approved.rawValue || !refund.batchID.isEmpty {
            throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status)\(refund.batchID.isEmpty ? "" : " in batch \(refund.batchID)"); a batch takes approved requests not yet batched")
        }
        guard !candidates.isEmpty else { throw RefundsError.failedPrecondition("no approved refund is waiting for a batch") }
        let planned = try await plan(candidates, policy: policy, on: date)
        let actor = context.peer.actor
        let created = UTCTimestamp.seconds(from: Date())
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var batch = Settle_Refunds_V1_DisbursementBatch()
            batch.id = BatchStore.text(try BatchStore.nextID(in: db))
            batch.status = "open"
            batch.batchDate = date.description
            batch.createdBy = actor
            batch.createdAt = created
            let checks = planned.filter { $0.item.method == "check" }.count
            var nextCheck = try BatchStore.reserveChecks(checks, in: db)
            var trace: UInt64 = 0
            let origin8 = String(policy.originRouting.prefix(8))
            let payee = try BatchStore.payeeInsert(in: db)
            var hashes: [String] = []
            for plannedItem in planned {
                var item = plannedItem.item
                var refund = try RefundStore.load(item.refundID, in: db)
                guard refund.status == RefundStatus.approved.rawValue, refund.batchID.isEmpty else {
                    throw RefundsError.failedPrecondition("refund \(refund.id) is \(refund.status)\(refund.batchID.isEmpty ? "" : " in batch \(refund.batchID)") now; create the batch again")
                }
                switch item.method {
                case "check":
                    item.paymentNumber = String(nextCheck)
                    nextCheck += 1
                    batch.checks += 1
                    batch.checkTotalCents += item.netCents
                case "ach":
                    trace += 1
                    item.paymentNumber = origin8 + NachaFile.zero(trace, 7)
                    batch.achEntries += 1
                    batch.achTotalCents += item.netCents
                    if let bank = plannedItem.bank {
                        hashes.append(bank.routingNumber)
                        try payee.execute(arguments: [batch.id, item.refundID, bank.routingNumber, bank.bankAccount, bank.accountType])
                    }
                default: break
                }
                batch.items.append(item)
                refund.batchID = batch.id
                refund.record("batched", actor: actor, detail: "batch \(batch.id): \(item.method) \(Dollars.grouped(item.netCents))"
                              + (item.grossCents == item.netCents ? "" : " of \(Dollars.grouped(item.grossCents)) (the rest applied to what the customer owes)"))
                try RefundStore.update(refund, in: db)
            }
            batch.entryHash = NachaFile.entryHash(hashes)
            try BatchStore.save(batch, in: db)
            try BatchStore.saveOriginator(policy, batchID: batch.id, in: db)
            try audit.record(entity: "batch/\(batch.id)", after: AuditJSON.summary(batch))
            return batch
        }
    }

    /// One planned item and the bank details it pays to (ACH), before the batch is written.
    struct PlannedItem: Sendable {
        var item: Settle_Refunds_V1_DisbursementItem
        var bank: Settle_Refunds_V1_PayeeBank?
    }

    /// What each refund pays: the credit the account will hold after the refund's own entries
    /// (deposit applied, interest, tax credit), less what the account itself still owes, less
    /// the customer's other open balances (policy), by ACH when the payee has bank details.
    func plan(_ refunds: [Settle_Refunds_V1_RefundRequest], policy: Settle_Refunds_V1_RefundPolicy, on date: LocalDate) async throws -> [PlannedItem] {
        // Read in bulk: the customers (names, other accounts) 5,000 a call, then every balance
        // involved 10,000 a call, then plan in memory.
        var customers: [String: Settle_Accounts_V1_Customer] = [:]
        let customerIDs = Array(Set(refunds.map(\.customerID))).sorted()
        for start in stride(from: 0, to: customerIDs.count, by: 5_000) {
            let chunk = Array(customerIDs[start..<min(customerIDs.count, start + 5_000)])
            for customer in try await accounts.getCustomers(.with { $0.customerIds = chunk }).customers { customers[customer.id] = customer }
        }
        var involved = Set(refunds.map(\.accountNumber))
        if policy.applyToOtherBalances { for customer in customers.values { involved.formUnion(customer.accountNumbers) } }
        let numbers = involved.sorted()
        var balances: [String: Int64] = [:]
        for start in stride(from: 0, to: numbers.count, by: 10_000) {
            let chunk = Array(numbers[start..<min(numbers.count, start + 10_000)])
            for balance in try await collections.getBalances(.with { $0.accountNumbers = chunk }).balances { balances[balance.accountNumber] = balance.balanceCents }
        }
        let banks = try await store.read { db in
            try Dictionary(refunds.compactMap { try BatchStore.bank($0.accountNumber, in: db) }.map { ($0.accountNumber, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var planned: [PlannedItem] = []
        planned.reserveCapacity(refunds.count)
        for refund in refunds {
            let customer = customers[refund.customerID]
            let balance = balances[refund.accountNumber] ?? 0
            let own = refund.depositCents + refund.interestCents + refund.creditCents
            let available = max(0, own - balance)
            var remaining = min(refund.amountCents, available)
            balances[refund.accountNumber] = balance - own + remaining
            var item = Settle_Refunds_V1_DisbursementItem()
            item.refundID = refund.id
            item.accountNumber = refund.accountNumber
            item.payeeName = customer?.name ?? ""
            item.grossCents = refund.amountCents
            if policy.applyToOtherBalances {
                for other in customer?.accountNumbers ?? [] where other != refund.accountNumber && remaining > 0 {
                    let owed = balances[other] ?? 0
                    guard owed > 0 else { continue }
                    let applied = min(owed, remaining)
                    var offset = Settle_Refunds_V1_Offset()
                    offset.accountNumber = other
                    offset.amountCents = applied
                    item.offsets.append(offset)
                    balances[other] = owed - applied
                    remaining -= applied
                }
            }
            item.netCents = remaining
            let bank = banks[refund.accountNumber]
            item.method = remaining == 0 ? "offset" : bank == nil ? "check" : "ach"
            if item.method == "ach", let bank {
                item.routingNumber = bank.routingNumber
                item.bankAccountMasked = Self.mask(bank.bankAccount)
                if !bank.name.isEmpty { item.payeeName = bank.name }
            }
            planned.append(PlannedItem(item: item, bank: item.method == "ach" ? bank : nil))
        }
        return planned
    }

    func getBatch(_ request: Settle_Refunds_V1_GetBatchRequest, context: ServerContext) async throws -> Settle_Refunds_V1_DisbursementBatch {
        try await store.read { db in try BatchStore.load(request.batchID, in: db) }
    }

    func exportBatch(_ request: Settle_Refunds_V1_ExportBatchRequest, context: ServerContext) async throws -> Settle_Refunds_V1_ExportBatchResponse {
        guard request.format == "nacha" || request.format == "csv" else {
            throw RefundsError.invalid("format", request.format.isEmpty ? "a format is required (nacha or csv)" : "'\(request.format)' is not nacha or csv")
        }
        let content = try await store.read { db -> String in
            let batch = try BatchStore.load(request.batchID, in: db)
            guard request.format == "nacha" else { return CheckRegister.render(batch) }
            let policy = try BatchStore.originator(batchID: batch.id, in: db) ?? RefundPolicyStore.defaults
            let banks = try BatchStore.payees(batchID: batch.id, in: db)
            return NachaFile(batch: batch, policy: policy, accounts: banks, timeZone: timeZone).render()
        }
        var response = Settle_Refunds_V1_ExportBatchResponse()
        response.format = request.format
        response.content = content
        response.sha256 = sha256Hex(content.utf8)
        return response
    }

    func releaseBatch(_ request: Settle_Refunds_V1_ReleaseBatchRequest, context: ServerContext) async throws -> Settle_Refunds_V1_ReleaseBatchResponse {
        guard let key = (request.idempotencyKey.isEmpty ? context.idempotencyKey : request.idempotencyKey), !key.isEmpty else {
            throw RefundsError.invalid("idempotency_key", "releasing a batch changes data and needs an idempotency key")
        }
        let batch = try await store.read { db in try BatchStore.load(request.batchID, in: db) }
        let refunds = try await store.read { db in try batch.items.map { try RefundStore.load($0.refundID, in: db) } }
        var posted: UInt32 = 0
        var already: UInt32 = 0
        var waiting: [(index: Int, posting: Settle_Collections_V1_PostRefundEntriesRequest)] = []
        for (index, item) in batch.items.enumerated() {
            if item.posted { already += 1; continue }
            let refund = refunds[index]
            var posting = Settle_Collections_V1_PostRefundEntriesRequest()
            // A key of this release: a retry of it is answered by Collections' first response;
            // another release meets the reference, which Collections posts once.
            posting.idempotencyKey = "\(key)/\(refund.id)"
            posting.accountNumber = refund.accountNumber
            posting.reference = "\(refund.id)/paid"
            posting.entryDate = batch.batchDate
            posting.depositAppliedCents = refund.depositCents
            posting.depositInterestCents = refund.interestCents
            posting.creditCents = refund.creditCents
            posting.offsets = item.offsets.map { offset in .with { $0.accountNumber = offset.accountNumber; $0.amountCents = offset.amountCents } }
            posting.refundCents = item.netCents
            posting.memo = "refund \(refund.id) (\(refund.kind)) by \(item.method) \(item.paymentNumber), batch \(batch.id)"
            waiting.append((index, posting))
        }
        // A chunk's postings go to Collections a few at a time (each is its own transaction
        // there), then the chunk is marked in one Refunds transaction.
        let collections = self.collections
        for start in stride(from: 0, to: waiting.count, by: Self.releaseChunk) {
            let chunk = Array(waiting[start..<min(waiting.count, start + Self.releaseChunk)])
            var answers: [(index: Int, entry: UInt64, already: Bool)] = []
            try await withThrowingTaskGroup(of: (Int, UInt64, Bool).self) { group in
                var next = 0
                func add() {
                    let (index, posting) = chunk[next]
                    group.addTask {
                        let answer = try await collections.postRefundEntries(posting)
                        return (index, answer.mainEntryID, answer.alreadyPosted)
                    }
                    next += 1
                }
                while next < min(Self.postingsInFlight, chunk.count) { add() }
                while let answer = try await group.next() {
                    answers.append(answer)
                    if next < chunk.count { add() }
                }
            }
            answers.sort { $0.index < $1.index }
            for answer in answers { if answer.already { already += 1 } else { posted += 1 } }
            try await markPosted(batch.id, answers.map { ($0.index, $0.entry) }, key: key, context: context)
        }
        let actor = context.peer.actor
        let released = try await mutate(request, key: key, context: context) { db, audit in
            var saved = try BatchStore.load(request.batchID, in: db)
            guard saved.status != "released" else { return saved }
            let before = AuditJSON.summary(saved)
            saved.status = "released"
            saved.releasedBy = actor
            try BatchStore.save(saved, in: db)
            try audit.record(entity: "batch/\(saved.id)", before: before, after: AuditJSON.summary(saved))
            return saved
        }
        var response = Settle_Refunds_V1_ReleaseBatchResponse()
        response.batch = released
        response.posted = posted
        response.alreadyPosted = already
        return response
    }

    /// Marks posted items and their requests disbursed, one transaction for the chunk.
    private func markPosted(_ batchID: String, _ items: [(index: Int, entry: UInt64)], key: String, context: ServerContext) async throws {
        let actor = context.peer.actor
        let marker = Settle_Refunds_V1_GetBatchRequest.with { $0.batchID = batchID }
        let first = items.first?.index ?? 0, last = items.last?.index ?? 0
        _ = try await store.mutate(marker, idempotencyKey: "\(key)/posted-\(first)-\(last)-\(items.count)", context: context) { db, audit in
            var batch = try BatchStore.load(batchID, in: db)
            for (index, entry) in items where !batch.items[index].posted {
                batch.items[index].posted = true
                batch.items[index].ledgerEntryID = entry
                let item = batch.items[index]
                var refund = try RefundStore.load(item.refundID, in: db)
                refund.status = RefundStatus.disbursed.rawValue
                refund.method = item.method
                refund.ledgerEntryID = entry
                refund.disbursedDate = batch.batchDate
                refund.record("disbursed", actor: actor, detail: "batch \(batchID): \(item.method) \(item.paymentNumber) \(Dollars.grouped(item.netCents))"
                              + (item.offsets.isEmpty ? "" : "; applied to " + item.offsets.map { "\($0.accountNumber) \(Dollars.grouped($0.amountCents))" }.joined(separator: ", ")))
                try RefundStore.update(refund, in: db)
            }
            try BatchStore.save(batch, in: db)
            try audit.record(entity: "batch/\(batchID)", after: "{\"posted_items\":\(items.count),\"first\":\(first),\"last\":\(last)}")
            return marker
        }
    }
}

extension AuditJSON {
    /// A batch's audit summary: its totals, not every item.
    static func summary(_ batch: Settle_Refunds_V1_DisbursementBatch) -> String {
        "{\"id\":\"\(batch.id)\",\"status\":\"\(batch.status)\",\"items\":\(batch.items.count),\"ach_cents\":\(batch.achTotalCents),\"check_cents\":\(batch.checkTotalCents),\"entry_hash\":\(batch.entryHash)}"
    }
}

enum AuditJSON {}
