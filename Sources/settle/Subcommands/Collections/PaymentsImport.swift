import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

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
            try Output.message(total)
        } else {
            print("\(total.rows) row(s): \(total.posted) posted (\(Dollars.signed(total.postedCents))), \(total.alreadyPosted) already posted (\(Dollars.signed(total.alreadyPostedCents))), \(total.rejected.count) rejected")
            if !total.rejected.isEmpty { Output.table(["LINE", "REASON"], total.rejected.map { ["\($0.line)", $0.reason] }) }
            print("[idempotency key \(fileKey), each batch \(fileKey):FIRST-LAST (its lines)]")
        }
        if !total.rejected.isEmpty { throw ExitCode(3) }
    }
}
