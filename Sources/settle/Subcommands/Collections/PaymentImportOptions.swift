import ArgumentParser
import SettleRPC

/// `settle payments import`'s key and reason: like ``MutationOptions``, but the default key is
/// derived from the file (never a fresh UUID), so re-running the same file is the same import.
struct PaymentImportOptions: ParsableArguments {
    @Option(name: .long, help: "The import's file key (default: derived from the file's content, payments-<hash>-<bytes>); each batch is sent under <file key>:<first line>-<last line>.")
    var idempotencyKey: String?

    @Option(name: .long, help: "Why, in your words; recorded in the audit trail.")
    var reason: String?

    /// The connection's call options with the reason attached as metadata.
    func callOptions(_ connection: ConnectionOptions) -> CallOptions {
        var options = connection.callOptions
        if let reason, !reason.isEmpty { options.metadata[MetadataKey.reason] = reason }
        return options
    }
}
