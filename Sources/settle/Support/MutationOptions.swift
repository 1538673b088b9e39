import ArgumentParser
import Foundation
import SettleClient
import SettleRPC

/// Flags every command that changes data shares: the idempotency key that makes a
/// retry safe, and the reason that goes into the audit trail.
struct MutationOptions: ParsableArguments {
    @Option(name: .long, help: "Key that makes a retry safe: the same key returns the first result and changes nothing more (default: a fresh UUID, printed).")
    var idempotencyKey: String?

    @Option(name: .long, help: "Why, in your words; recorded in the audit trail.")
    var reason: String?

    /// The key to send: the one given, else a new UUID (print it so the call can be repeated).
    func resolvedKey() -> String {
        idempotencyKey ?? UUID().uuidString.lowercased()
    }

    /// Connects through `connection` and makes the mutation's call with `callOptions`
    /// (the reason attached), mapping a failed call to its exit code as `withClient` does.
    func send<T>(_ connection: ConnectionOptions, _ call: (SettleClient, CallOptions) async throws -> T) async throws -> T {
        let options = callOptions(connection)
        return try await connection.withClient { try await call($0, options) }
    }

    /// The connection's call options with the reason attached as metadata.
    func callOptions(_ connection: ConnectionOptions) -> CallOptions {
        var options = connection.callOptions
        if let reason, !reason.isEmpty { options.metadata[MetadataKey.reason] = reason }
        return options
    }
}
