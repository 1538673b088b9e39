public import SettleRPC

/// The errors a module answers a caller with, each naming the field or record that was wrong.
///
/// A module declares `enum <Module>Error: ContractErrors {}` and adds only what is its own
/// (`RatingError.unknownTariff`, `CollectionsError.cents`); the shapes every contract shares
/// are written once here, so a client reads `field: what was wrong` the same way from every
/// module. Any other error reaches the client as UNKNOWN with a generic message, which is
/// why handlers throw these.
public protocol ContractErrors {}

extension ContractErrors {
    /// INVALID_ARGUMENT, `field: message`.
    public static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(message)")
    }

    /// INVALID_ARGUMENT for a field left empty, `field is required`.
    public static func required(_ field: String) -> RPCError {
        RPCError(.invalidArgument, "\(field) is required")
    }

    /// NOT_FOUND: the request named a record that does not exist.
    public static func notFound(_ message: String) -> RPCError {
        RPCError(.notFound, message)
    }

    /// ALREADY_EXISTS: the request would create a record that is there already (a second
    /// meter with the same serial, a tariff code taken).
    public static func alreadyExists(_ message: String) -> RPCError {
        RPCError(.alreadyExists, message)
    }

    /// FAILED_PRECONDITION: the request is well formed but the records are not in a state to take it.
    public static func failedPrecondition(_ message: String) -> RPCError {
        RPCError(.failedPrecondition, message)
    }

    /// DATA_LOSS: a stored record no longer reads back (a body that does not decode, columns
    /// of uneven length); the caller can do nothing but report it.
    public static func dataLoss(_ message: String) -> RPCError {
        RPCError(.dataLoss, message)
    }

    /// RESOURCE_EXHAUSTED: the input is larger than the module takes in one call; the message
    /// says the limit and how to stay under it (split the file, page the list).
    public static func tooLarge(_ message: String) -> RPCError {
        RPCError(.resourceExhausted, message)
    }

    /// PERMISSION_DENIED: the caller's role may not do this (maker-checker, a second person).
    public static func denied(_ message: String) -> RPCError {
        RPCError(.permissionDenied, message)
    }
}
