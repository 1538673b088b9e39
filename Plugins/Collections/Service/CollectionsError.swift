import SettleRPC

/// The errors Collections answers with: each names the field or record that was wrong.
enum CollectionsError {
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    static func notFound(_ message: String) -> RPCError {
        RPCError(.notFound, message)
    }

    static func precondition(_ message: String) -> RPCError {
        RPCError(.failedPrecondition, message)
    }

    static func required(_ field: String) -> RPCError {
        RPCError(.invalidArgument, "\(field) is required")
    }

    static func positive(_ field: String, _ value: Int64) -> RPCError {
        RPCError(.invalidArgument, "\(field): must be a positive number of cents; got \(value)")
    }
}
