public import SwiftProtobuf

/// Registration of handlers written as plain async functions on typed messages.
extension Router {
    public mutating func registerUnary<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (Input, ServerContext) async throws -> Output
    ) throws(RouterError) {
        try register(method, handler: .unary { bytes, context in
            let request = try ProtobufCodec.decodeRequest(bytes, as: Input.self, for: method)
            return try ProtobufCodec.encode(try await body(request, context), for: method)
        })
    }

    public mutating func registerServerStreaming<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (Input, RPCWriter<Output>, ServerContext) async throws -> Void
    ) throws(RouterError) {
        try register(method, handler: .serverStreaming { bytes, writer, context in
            let request = try ProtobufCodec.decodeRequest(bytes, as: Input.self, for: method)
            try await body(request, writer.map { try ProtobufCodec.encode($0, for: method) }, context)
        })
    }

    public mutating func registerClientStreaming<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (RPCAsyncSequence<Input>, ServerContext) async throws -> Output
    ) throws(RouterError) {
        try register(method, handler: .clientStreaming { requests, context in
            let typed = requests.map { try ProtobufCodec.decodeRequest($0, as: Input.self, for: method) }
            return try ProtobufCodec.encode(try await body(typed, context), for: method)
        })
    }
}
