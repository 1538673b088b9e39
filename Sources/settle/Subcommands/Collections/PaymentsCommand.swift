import ArgumentParser
import Foundation
import SettleContracts

/// `settle payments`: post one payment, import a payment file, return a payment (NSF).
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Post payments one at a time or from a lockbox/processor file; return (NSF) a payment.",
        subcommands: [PaymentsPost.self, PaymentsImport.self, PaymentsReturn.self]
    )
}

/// `settle payments post --account N --amount 125.00 --date D --reference R`.
struct PaymentsPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post one payment; it pays the oldest open charges first.",
        discussion: "The default idempotency key is derived from the reference, so repeating the command posts nothing twice.")

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "Amount in dollars, e.g. 125.00.") var amount: String
    @Option(name: .long, help: "Payment date, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "The payment's unique reference.") var reference: String
    @Option(name: .long, help: "lockbox, card, cash, …") var channel = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let cents = CollectionsFormat.cents(amount) else { throw ValidationError("--amount '\(amount)' is not dollars like 125.00") }
        var request = Settle_Collections_V1_PostPaymentRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "payment-\(reference)"
        request.accountNumber = account
        request.amountCents = cents
        request.paymentDate = date
        request.reference = reference
        request.channel = channel
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).postPayment(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        print("payment \(response.entry.id): \(AccountsFormat.dollars(-response.entry.amountCents)) to \(account) on \(response.entry.entryDate)")
        Output.table(["ENTRY", "BILL", "APPLIED"], response.applied.map { ["\($0.entryID)", $0.billID, AccountsFormat.dollars($0.appliedCents)] })
        print("balance \(AccountsFormat.dollars(response.balanceCents)), unapplied credit \(AccountsFormat.dollars(response.creditCents))")
    }
}

/// `settle payments import FILE`: the file in batches, each under a key made of the file's
/// key and the lines the batch holds (`<file key>:<first>-<last>`), so the same file with any
/// batching is the same import: a retried batch replays, other batches find their rows
/// already posted, and nothing posts twice.
struct PaymentsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a payment file (CSV: account,amount,date,reference); rejected rows are listed with line and reason.",
        discussion: """
            Format: UTF-8 CSV, one payment a line, `account,amount,date,reference`; amount in dollars \
            (125.00, "1,234.56"); date YYYY-MM-DD; an optional header line starting with "account". \
            Valid rows post; rejected rows (unknown account, bad amount or date, duplicate reference) \
            are listed and the command exits 3. Importing the same file again posts nothing twice.

            Idempotency: the file key is derived from the file's content (`payments-<FNV-1a 64 of \
            the bytes>-<byte count>`; --idempotency-key replaces it), and each batch is sent under \
            `<file key>:<first line>-<last line>`. So the key depends on the file and its rows, \
            never on --batch-rows: re-running after a crash, with any batching, posts each row \
            once; rows posted before count as already_posted. The table and --json print the key \
            (`idempotency_key`).
            """)

    @Argument(help: "The payment file.") var file: String
    @Option(name: .long, help: "Rows per call.") var batchRows = 10_000
    @Option(name: .long, help: "lockbox, card, …") var channel = "lockbox"
    @OptionGroup var mutation: PaymentImportOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let batches = CollectionsFormat.batches(String(decoding: data, as: UTF8.self), rows: max(1, batchRows))
        let fileKey = mutation.idempotencyKey ?? CollectionsFormat.contentKey(data)
        let name = (file as NSString).lastPathComponent
        let options = mutation.callOptions(connection)
        var total = Settle_Collections_V1_ImportPaymentsResponse()
        try await connection.withClient { client in
            let collections = client.client(CollectionsV1.Client.self)
            for batch in batches {
                var request = Settle_Collections_V1_ImportPaymentsRequest()
                request.idempotencyKey = CollectionsFormat.batchKey(fileKey, batch)
                request.fileName = name
                request.csv = batch.text
                request.firstLine = batch.firstLine
                request.channel = channel
                let response = try await collections.importPayments(request, options: options)
                total.rows += response.rows
                total.posted += response.posted
                total.alreadyPosted += response.alreadyPosted
                total.postedCents += response.postedCents
                total.alreadyPostedCents += response.alreadyPostedCents
                total.rejected += response.rejected
            }
        }
        total.idempotencyKey = fileKey
        if connection.json {
            try AccountsFormat.printJSON(total)
        } else {
            print("\(total.rows) row(s): \(total.posted) posted (\(AccountsFormat.dollars(total.postedCents))), \(total.alreadyPosted) already posted (\(AccountsFormat.dollars(total.alreadyPostedCents))), \(total.rejected.count) rejected")
            if !total.rejected.isEmpty { Output.table(["LINE", "REASON"], total.rejected.map { ["\($0.line)", $0.reason] }) }
            print("[idempotency key \(fileKey), each batch \(fileKey):FIRST-LAST (its lines)]")
        }
        if !total.rejected.isEmpty { throw ExitCode(3) }
    }
}

/// `settle payments return --reference R --date D [--reason NSF]`.
struct PaymentsReturn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "A returned (NSF) payment: reverses it and charges the configured fee, once.")

    @Option(name: .long, help: "The payment's reference.") var reference: String
    @Option(name: .long, help: "Return date, YYYY-MM-DD.") var date: String
    @Option(name: .customLong("why"), help: "Why the bank returned it.") var returnReason = "NSF"
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ReturnPaymentRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "return-\(reference)"
        request.reference = reference
        request.returnDate = date
        request.reason = returnReason
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).returnPayment(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        print(response.alreadyReturned ? "already returned" : "returned: reversal \(response.reversal.id) of \(AccountsFormat.dollars(response.reversal.amountCents))")
        if response.fee.id != 0 { print("fee \(response.fee.id): \(AccountsFormat.dollars(response.fee.amountCents))") }
        print("balance \(AccountsFormat.dollars(response.balanceCents))")
    }
}
