import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// One batch of a payment file: parsed and validated rows, then posted in one transaction
/// with prepared statements (one reference lookup and one insert per row).
struct PaymentBatch: Sendable {
    var rows: [PaymentRow] = []
    var rejected: [RowRejection] = []
    /// Lines read, header and blank lines excluded.
    var lineCount: UInt32 = 0

    /// Parses `csv` whose first line is file line `firstLine`; a header on line 1 is skipped.
    static func parse(_ csv: String, firstLine: UInt32) -> PaymentBatch {
        var batch = PaymentBatch()
        var line = firstLine
        var seen: [String: UInt32] = [:]
        for text in CSVFields.lines(csv) {
            defer { line += 1 }
            if text.allSatisfy({ $0 == " " || $0 == "," }) { continue }
            if line == 1, text.lowercased().hasPrefix("account") { continue }
            batch.lineCount += 1
            switch PaymentRow.parse(text, line: line) {
            case .success(let row):
                if let first = seen[row.reference] {
                    batch.rejected.append(RowRejection(line: line, reason: "duplicate reference '\(row.reference)': also on line \(first)", text: text))
                } else {
                    seen[row.reference] = line
                    batch.rows.append(row)
                }
            case .failure(let rejection):
                batch.rejected.append(rejection)
            }
        }
        return batch
    }

    /// Distinct account numbers of `rows` the ledger has never seen. The ledger never forgets
    /// an account, so every other account of the batch is known for good.
    static func accountsNotInLedger(_ rows: [PaymentRow], in db: Database) throws -> Set<String> {
        let known = try LedgerStore.accountLookup(in: db)
        var checked: Set<String> = []
        var missing: Set<String> = []
        for row in rows where checked.insert(row.account).inserted {
            try known.bind(1, row.account)
            if try known.first({ _ in true }) == nil { missing.insert(row.account) }
        }
        return missing
    }

    /// A batch's first answer, as a retry of it reports it: nothing posted by this call, every
    /// row posted the first time counted as already posted.
    static func replayed(_ first: Settle_Collections_V1_ImportPaymentsResponse) -> Settle_Collections_V1_ImportPaymentsResponse {
        var response = first
        response.alreadyPosted += first.posted
        response.alreadyPostedCents += first.postedCents
        response.posted = 0
        response.postedCents = 0
        return response
    }

    /// Posts the batch: rows for unknown accounts or with a reference already used for a
    /// different payment are rejected; a row identical to a payment already posted (the same
    /// file imported again) counts as already posted.
    ///
    /// `notInLedger` are the batch's accounts the ledger did not know when the batch was read
    /// (`accountsNotInLedger`): only they are looked up again here, in the transaction (another
    /// call may have posted to one since); `confirmedAccounts` are those Accounts knows.
    static func post(
        _ batch: PaymentBatch, notInLedger: Set<String>, confirmedAccounts: Set<String>, channel: String, in db: Database
    ) throws -> Settle_Collections_V1_ImportPaymentsResponse {
        var response = Settle_Collections_V1_ImportPaymentsResponse()
        var rejected = batch.rejected
        let known = try LedgerStore.accountLookup(in: db)
        let byReference = try LedgerStore.paymentByReference(in: db)
        let insert = try LedgerStore.insertStatement(in: db)
        let noteAccount = try LedgerStore.noteAccountStatement(in: db)
        var knownAccounts: Set<String> = []
        for row in batch.rows {
            if notInLedger.contains(row.account), !knownAccounts.contains(row.account) {
                try known.bind(1, row.account)
                if try known.first({ _ in true }) != nil {
                    knownAccounts.insert(row.account)
                } else if confirmedAccounts.contains(row.account) {
                    knownAccounts.insert(row.account)
                    try noteAccount.bind(1, row.account)
                    noteAccount.bind(2, row.day)
                    try noteAccount.step()
                } else {
                    rejected.append(RowRejection(line: row.line, reason: "unknown account \(row.account)", text: Substring("\(row.account),\(Dollars.plain(row.cents)),\(LocalDate(dayNumber: row.day)),\(row.reference)")))
                    continue
                }
            }
            try byReference.bind(1, row.reference)
            if let existing = try byReference.first({ ($0.int64(0), $0.text(1), $0.int64(2), Int($0.int64(3))) }) {
                let (id, account, amount, day) = existing
                if account == row.account, amount == -row.cents, day == row.day {
                    response.alreadyPosted += 1
                    response.alreadyPostedCents += row.cents
                } else {
                    rejected.append(RowRejection(
                        line: row.line, reason: "duplicate reference '\(row.reference)': already posted as entry \(id) (account \(account), \(Dollars.plain(-amount)))",
                        text: Substring(row.reference)))
                }
                continue
            }
            try LedgerStore.write(
                NewEntry(accountNumber: row.account, kind: .payment, amount: -row.cents, entryDay: row.day, dueDay: row.day, reference: row.reference, memo: channel),
                with: insert)
            response.posted += 1
            response.postedCents += row.cents
        }
        response.rejected = rejected.sorted { $0.line < $1.line }.map { rejection in
            var row = Settle_Collections_V1_RejectedRow()
            row.line = rejection.line
            row.reason = rejection.reason
            row.text = rejection.text
            return row
        }
        return response
    }
}
