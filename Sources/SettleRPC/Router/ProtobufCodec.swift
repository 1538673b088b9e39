public import SwiftProtobuf

/// Turns messages into bytes and back, with errors that name the method and the type.
public enum ProtobufCodec {
    public static func encode<M: SwiftProtobuf.Message>(_ message: M, for method: MethodDescriptor) throws(RPCError) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            throw RPCError(.internalError, "could not serialize \(M.protoMessageName) for \(method.fullName): \(error)")
        }
    }

    /// Decodes a request; a malformed one is the caller's mistake (INVALID_ARGUMENT).
    public static func decodeRequest<M: SwiftProtobuf.Message>(_ bytes: [UInt8], as type: M.Type, for method: MethodDescriptor) throws(RPCError) -> M {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw RPCError(.invalidArgument, "request to \(method.fullName) is not a valid \(M.protoMessageName): \(error)")
        }
    }

    /// Decodes a response; a malformed one means the server broke its contract (INTERNAL).
    public static func decodeResponse<M: SwiftProtobuf.Message>(_ bytes: [UInt8], as type: M.Type, for method: MethodDescriptor) throws(RPCError) -> M {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw RPCError(.internalError, "response from \(method.fullName) is not a valid \(M.protoMessageName): \(error)")
        }
    }
}
