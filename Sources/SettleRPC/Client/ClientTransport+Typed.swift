public import SwiftProtobuf

/// Typed calls on top of the raw transport: what generated clients use.
extension ClientTransport {
    public func unary<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ request: Input,
        options: CallOptions = .defaults,
        as: Output.Type = Output.self
    ) async throws -> Output {
        let bytes = try await unary(method, request: try ProtobufCodec.encode(request, for: method), options: options)
        return try ProtobufCodec.decodeResponse(bytes, as: Output.self, for: method)
    }

    public func serverStreaming<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ request: Input,
        options: CallOptions = .defaults,
        as: Output.Type = Output.self
    ) async throws -> RPCAsyncSequence<Output> {
        let raw = try await serverStreaming(method, request: try ProtobufCodec.encode(request, for: method), options: options)
        return raw.map { try ProtobufCodec.decodeResponse($0, as: Output.self, for: method) }
    }

    public func clientStreaming<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        options: CallOptions = .defaults,
        as: Output.Type = Output.self,
        requests: @escaping @Sendable (RPCWriter<Input>) async throws -> Void
    ) async throws -> Output {
        let bytes = try await clientStreaming(method, options: options) { raw in
            try await requests(raw.map { try ProtobufCodec.encode($0, for: method) })
        }
        return try ProtobufCodec.decodeResponse(bytes, as: Output.self, for: method)
    }
}
