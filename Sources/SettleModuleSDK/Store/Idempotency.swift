internal import Foundation
public import GRDB
internal import SettleDomain
public import SwiftProtobuf

/// The outcome of an idempotent mutation: the response, and whether it was replayed.
public struct IdempotentResult: Sendable, Hashable {
    /// The response bytes: the body's on the first call, the stored ones on a retry.
    public let response: [UInt8]
    /// True when a retry got the first call's response and the body did not run.
    public let replayed: Bool
    /// When the first call was recorded (UTC ISO-8601 with milliseconds).
    public let recordedAt: String
}

/// The outcome of an idempotent mutation with a typed protobuf response.
public struct IdempotentResponse<Response: Message>: Sendable {
    /// The response: decoded from the recorded bytes, so first call and retries match exactly.
    public let response: Response
    /// True when a retry got the first call's response and the body did not run.
    public let replayed: Bool
}

extension ModuleStore {
    /// The longest idempotency key accepted, in UTF-8 bytes.
    public static let maximumIdempotencyKeyLength = 256

    /// Runs a mutation at most once per idempotency key, so a retried call changes nothing more.
    ///
    /// The body and the record of (method, key, fingerprint, response, time) commit in one
    /// write transaction. A retry with the same method, key and fingerprint returns the stored
    /// response without running the body; if the body throws, nothing is recorded and a retry
    /// runs it again.
    ///
    /// - Parameters:
    ///   - method: The mutating method, e.g. `settle.accounts.v1.Accounts/CreateCustomer`.
    ///   - key: The caller's idempotency key (non-empty, at most
    ///     ``maximumIdempotencyKeyLength`` UTF-8 bytes).
    ///   - requestFingerprint: Identifies the request, normally
    ///     ``requestFingerprint(_:)`` of its serialized bytes.
    ///   - body: The mutation; returns the serialized response.
    /// - Throws: ``StoreError/Code/invalidIdempotencyKey``,
    ///   ``StoreError/Code/idempotencyConflict`` when the key was used for a different
    ///   request, or whatever `body` throws.
    public func idempotent(
        method: String,
        key: String,
        requestFingerprint: [UInt8],
        body: @Sendable (Database) throws -> [UInt8]
    ) async throws -> IdempotentResult {
        try Self.validateIdempotency(method: method, key: key)
        return try await performWrite { writer in try await writer.write { db in
            if let row = try Row.fetchOneCached(
                db,
                sql: #"SELECT fingerprint, response, at FROM settle_idempotency WHERE method = ? AND "key" = ?"#,
                arguments: [method, key])
            {
                let fingerprint: Data = try row.decode(forColumn: "fingerprint")
                guard fingerprint.elementsEqual(requestFingerprint) else {
                    throw StoreError(
                        .idempotencyConflict,
                        "idempotency key '\(key)' was already used for a different request to \(method)")
                }
                let response: Data = try row.decode(forColumn: "response")
                let at: String = try row.decode(forColumn: "at")
                return IdempotentResult(response: Array(response), replayed: true, recordedAt: at)
            }
            let response = try body(db)
            let at = UTCTimestamp.string(from: Date())
            try db.executeCached(
                sql: #"INSERT INTO settle_idempotency (method, "key", fingerprint, response, at) VALUES (?, ?, ?, ?, ?)"#,
                arguments: [method, key, Data(requestFingerprint), Data(response), at])
            return IdempotentResult(response: response, replayed: false, recordedAt: at)
        } }
    }

    /// Runs a protobuf mutation at most once per idempotency key (see ``idempotent(method:key:requestFingerprint:body:)``).
    ///
    /// The fingerprint is the SHA-256 of the request's deterministic serialization; the
    /// response is stored serialized and decoded again for the caller.
    public func idempotent<Request: Message, Response: Message>(
        method: String,
        key: String,
        request: Request,
        body: @Sendable (Database) throws -> Response
    ) async throws -> IdempotentResponse<Response> {
        let fingerprint = try Self.requestFingerprint(of: request)
        let result = try await idempotent(method: method, key: key, requestFingerprint: fingerprint) { db in
            try body(db).serializedBytes(options: Self.deterministic)
        }
        return IdempotentResponse(response: try Response(serializedBytes: result.response), replayed: result.replayed)
    }

    /// The fingerprint of a serialized request: its SHA-256.
    public static func requestFingerprint(_ serializedRequest: [UInt8]) -> [UInt8] {
        SHA256.hash(serializedRequest)
    }

    /// The fingerprint of a protobuf request: SHA-256 of its deterministic serialization
    /// (map entries sorted), so equal requests match across processes.
    public static func requestFingerprint(of request: some Message) throws -> [UInt8] {
        let bytes: [UInt8] = try request.serializedBytes(options: deterministic)
        return SHA256.hash(bytes)
    }

    private static var deterministic: BinaryEncodingOptions {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return options
    }

    private static func validateIdempotency(method: String, key: String) throws {
        if method.isEmpty {
            throw StoreError(.invalidIdempotencyKey, "an idempotent call needs a method name")
        }
        if key.isEmpty {
            throw StoreError(.invalidIdempotencyKey, "\(method) needs an idempotency key; it was empty")
        }
        if key.utf8.count > maximumIdempotencyKeyLength {
            throw StoreError(
                .invalidIdempotencyKey,
                "the idempotency key for \(method) is \(key.utf8.count) bytes; at most "
                    + "\(maximumIdempotencyKeyLength) are allowed")
        }
    }
}
