import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import SettleWire
import XCTest

/// The real host over a real Unix socket: concurrency, cancellation, deadlines, roles, streaming.
final class SocketCallTests: XCTestCase {
    func testTwoHundredConcurrentEchoesOnOneConnection() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let results = try await withThrowingTaskGroup(of: (Int, Settle_Diag_V1_EchoResponse).self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            // Sizes straddle the compression threshold (1024) so both paths run.
                            let payload = pseudoRandomBytes(index * 13, seed: UInt64(index))
                            return (index, try await client.echo(echoRequest(payload, note: "call-\(index)")))
                        }
                    }
                    var all: [Int: Settle_Diag_V1_EchoResponse] = [:]
                    for try await (index, response) in group { all[index] = response }
                    return all
                }
                XCTAssertEqual(results.count, 200)
                for index in 0..<200 {
                    XCTAssertEqual(results[index]?.payload, Data(pseudoRandomBytes(index * 13, seed: UInt64(index))), "payload of call \(index)")
                    XCTAssertEqual(results[index]?.note, "call-\(index)")
                }
            }
        }
    }

    func testFiftyConnectionsAtOnce() async throws {
        try await withHost { host in
            let path = host.socketPath
            let completed = try await withThrowingTaskGroup(of: Int.self) { group in
                for connectionIndex in 0..<50 {
                    group.addTask {
                        let connection = try await RPCConnection.connect(to: path)
                        do {
                            let client = DiagnosticsV1.Client(transport: connection)
                            var done = 0
                            for callIndex in 0..<4 {
                                let note = "c\(connectionIndex)-\(callIndex)"
                                let payload = Array(note.utf8)
                                let response = try await client.echo(echoRequest(payload, note: note))
                                guard response.payload == Data(payload), response.note == note else {
                                    throw RPCError(.internalError, "wrong echo on \(note): \(response)")
                                }
                                done += 1
                            }
                            await connection.close()
                            return done
                        } catch {
                            await connection.close()
                            throw error
                        }
                    }
                }
                var total = 0
                for try await done in group { total += done }
                return total
            }
            XCTAssertEqual(completed, 200)
        }
    }

    func testClientDisconnectMidCallCancelsHandler() async throws {
        try await withHost { host in
            let connection = try await host.connect()
            let client = DiagnosticsV1.Client(transport: connection)
            let before = SleepObserver.shared.cancellations
            let call = Task { try await client.sleep(sleepRequest(10_000)) }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            await connection.close()
            let cancelled = await eventually(timeout: .seconds(5)) { SleepObserver.shared.cancellations > before }
            XCTAssertTrue(cancelled, "closing the connection did not cancel the server's Sleep handler within 5 s")
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(5))
            // The caller learns the connection went away.
            let error = await assertRPCError(.unavailable) { try await call.value }
            XCTAssertNotNil(error)
        }
    }

    func testDeadlineExpiresAsDeadlineExceededAndCancelsHandler() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let before = SleepObserver.shared.cancellations
                let start = ContinuousClock.now
                await assertRPCError(.deadlineExceeded) {
                    try await client.sleep(sleepRequest(5_000), options: CallOptions(timeout: .milliseconds(200)))
                }
                let elapsed = ContinuousClock.now - start
                XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(190))
                XCTAssertLessThan(elapsed, .seconds(3), "the deadline was not enforced promptly")
                let cancelled = await eventually { SleepObserver.shared.cancellations > before }
                XCTAssertTrue(cancelled, "the server-side Sleep handler was not cancelled at the deadline")
                // The connection keeps working.
                let response = try await client.echo(echoRequest([1, 2, 3]))
                XCTAssertEqual(response.payload, Data([1, 2, 3]))
            }
        }
    }

    func testServerEnforcesDeadlineItself() async throws {
        // A raw client sends a 150 ms timeout and does not enforce it: the server must answer
        // DEADLINE_EXCEEDED on its own and cancel the handler.
        try await withHost { host in
            let raw = try await RawClient(path: host.socketPath)
            let before = SleepObserver.shared.cancellations
            let start = ContinuousClock.now
            let (messages, status) = try await raw.call(
                stream: 1,
                WireBytes.headersFrame(stream: 1, method: DiagnosticsV1.Method.sleep.fullName, timeoutMicros: 150_000)
                    + RawFrame.frame(WireBytes.message, flags: WireBytes.endStream, stream: 1, WireBytes.encode(sleepRequest(5_000)))
            )
            XCTAssertEqual(status.code, StatusCode.deadlineExceeded.rawValue, status.message)
            XCTAssertTrue(messages.isEmpty)
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
            let cancelled = await eventually { SleepObserver.shared.cancellations > before }
            XCTAssertTrue(cancelled)
        }
    }

    func testTaskCancellationCancelsCallAndConnectionKeepsWorking() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let before = SleepObserver.shared.cancellations
                let call = Task { try await client.sleep(sleepRequest(10_000)) }
                try await Task.sleep(for: .milliseconds(100))
                let start = ContinuousClock.now
                call.cancel()
                await assertRPCError(.cancelled) { try await call.value }
                XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
                let cancelled = await eventually { SleepObserver.shared.cancellations > before }
                XCTAssertTrue(cancelled, "CANCEL did not reach the server's handler")
                // Cancelling before the call even starts also yields CANCELLED.
                let early = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.echo(echoRequest([9]))
                }
                await assertRPCError(.cancelled) { try await early.value }
                // The connection is still good for unary and streaming calls.
                for index in 0..<5 {
                    let response = try await client.echo(echoRequest([UInt8(index)]))
                    XCTAssertEqual(response.payload, Data([UInt8(index)]))
                }
                let chunks = try await client.download(downloadRequest(count: 3, size: 10)).collect()
                XCTAssertEqual(chunks.count, 3)
            }
        }
    }

    func testAbandoningAServerStreamLeavesConnectionUsable() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                // Kept small: see testLongServerStreamDoesNotStallTheEventLoop for why a long
                // Download cannot be broken off early today.
                let task = Task { () -> Int in
                    var seen = 0
                    for try await _ in try await client.download(downloadRequest(count: 5_000, size: 100)) {
                        seen += 1
                        if seen == 50 { break }
                    }
                    return seen
                }
                let seen = try await task.value
                XCTAssertEqual(seen, 50)
                let response = try await client.echo(echoRequest([7]))
                XCTAssertEqual(response.payload, Data([7]))
                let chunks = try await client.download(downloadRequest(count: 10, size: 10)).collect()
                XCTAssertEqual(chunks.count, 10)
            }
        }
    }

    /// A server-streaming handler whose writes never have to wait (the channel stays
    /// "writable" because nothing is flushed) runs on the connection's event loop without ever
    /// suspending: the whole stream is built in memory before the first byte is sent, and every
    /// connection sharing that event loop stalls meanwhile.
    func testLongServerStreamDoesNotStallTheEventLoop() async throws {
        try await withHost { host in
            let streaming = try await host.connect()
            var others: [RPCConnection] = []
            // Enough connections that at least one shares the streaming connection's event loop.
            for _ in 0..<4 { others.append(try await host.connect()) }
            let client = DiagnosticsV1.Client(transport: streaming)
            let start = ContinuousClock.now
            let download = Task { () -> (Duration, Int) in
                var iterator = try await client.download(downloadRequest(count: 200_000, size: 100)).makeAsyncIterator()
                _ = try await iterator.next()
                let firstChunk = ContinuousClock.now - start
                var count = 1
                while try await iterator.next() != nil { count += 1 }
                return (firstChunk, count)
            }
            try await Task.sleep(for: .milliseconds(20))
            for (index, other) in others.enumerated() {
                let callStart = ContinuousClock.now
                _ = try await DiagnosticsV1.Client(transport: other).echo(echoRequest([1]))
                // A stalled loop waits for the whole 200,000-message stream (seconds); 1.5 s
                // leaves room for a loaded CI machine running a debug build.
                XCTAssertLessThan(ContinuousClock.now - callStart, .milliseconds(1_500), "Echo on connection \(index) stalled behind another connection's stream")
            }
            let (firstChunk, count) = try await download.value
            XCTAssertEqual(count, 200_000)
            XCTAssertLessThan(firstChunk, .milliseconds(500), "the first chunk arrived only after the whole stream was generated")
            await streaming.close()
            for other in others { await other.close() }
        }
    }

    func testPermissionDeniedNamesMethodAndRole() async throws {
        try await withHost({ $0.access = AccessPolicy(defaultRole: .viewer) }) { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let error = await assertRPCError(.permissionDenied) { try await client.adminPing(echoRequest([1])) }
                let message = error?.message ?? ""
                XCTAssertTrue(message.contains("/settle.diag.v1.Diagnostics/AdminPing"), message)
                XCTAssertTrue(message.contains("admin"), message)
                XCTAssertTrue(message.contains("viewer"), message)
                let who = try await HostV1.Client(transport: connection).whoAmI()
                XCTAssertEqual(who.role, "viewer")
                XCTAssertEqual(who.uid, UInt32(getuid()))
                let echo = try await client.echo(echoRequest([4, 5]))
                XCTAssertEqual(echo.payload, Data([4, 5]))
            }
        }
        // With the standard policy the host's own uid administers.
        try await withHost { host in
            try await withConnection(host) { connection in
                let response = try await DiagnosticsV1.Client(transport: connection).adminPing(echoRequest([1]))
                XCTAssertEqual(response.payload, Data([1]))
            }
        }
    }

    func testRoleNoneMayCallNothing() async throws {
        try await withHost({ $0.access = AccessPolicy(defaultRole: .none) }) { host in
            try await withConnection(host) { connection in
                let error = await assertRPCError(.permissionDenied) {
                    try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([1]))
                }
                XCTAssertTrue(error?.message.contains("none") ?? false, error?.message ?? "")
            }
        }
    }

    func testUnknownMethodIsUnimplemented() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let nope = MethodDescriptor(service: "settle.nope.v1.Nope", method: "X", kind: .unary, requiredRole: .viewer)
                let error = await assertRPCError(.unimplemented) {
                    try await connection.unary(nope, request: [], options: .defaults)
                }
                XCTAssertTrue(error?.message.contains("/settle.nope.v1.Nope/X") ?? false, error?.message ?? "")
                let streaming = MethodDescriptor(service: "settle.nope.v1.Nope", method: "Y", kind: .serverStreaming, requiredRole: .viewer)
                await assertRPCError(.unimplemented) {
                    try await connection.serverStreaming(streaming, request: [], options: .defaults).collect()
                }
                let upload = MethodDescriptor(service: "settle.nope.v1.Nope", method: "Z", kind: .clientStreaming, requiredRole: .viewer)
                await assertRPCError(.unimplemented) {
                    try await connection.clientStreaming(upload, options: .defaults) { writer in
                        try await writer.write([1, 2, 3])
                    }
                }
                let response = try await DiagnosticsV1.Client(transport: connection).echo(echoRequest([8]))
                XCTAssertEqual(response.payload, Data([8]))
            }
        }
    }

    // MARK: Streaming

    enum CompressionMode: CaseIterable {
        case defaults, everything, off

        var serverThreshold: Int {
            switch self {
            case .defaults: WireLimits.defaults.compressionThresholdBytes
            case .everything: 1
            case .off: 1 << 30
            }
        }
    }

    func testStreamingBothDirectionsInEveryCompressionMode() async throws {
        let upload = pseudoRandomBytes(1 << 20, seed: 42)
        let expectedCRC = referenceCRC32(upload)
        let expectedChunk = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0) })
        for mode in CompressionMode.allCases {
            try await withHost({ $0.limits.compressionThresholdBytes = mode.serverThreshold }) { host in
                var limits = WireLimits.defaults
                limits.compressionThresholdBytes = mode.serverThreshold
                try await withConnection(host, limits: limits) { connection in
                    let client = DiagnosticsV1.Client(transport: connection)

                    let chunks = try await client.download(downloadRequest(count: 100, size: 1000)).collect()
                    XCTAssertEqual(chunks.count, 100, "\(mode)")
                    XCTAssertEqual(chunks.reduce(0) { $0 + $1.data.count }, 100_000, "\(mode)")
                    XCTAssertTrue(chunks.allSatisfy { $0.data == expectedChunk }, "\(mode): chunk contents")

                    let summary = try await client.upload { writer in
                        var offset = 0
                        while offset < upload.count {
                            var chunk = Settle_Diag_V1_Chunk()
                            chunk.data = Data(upload[offset..<min(offset + 65536, upload.count)])
                            try await writer.write(chunk)
                            offset += 65536
                        }
                    }
                    XCTAssertEqual(summary.bytes, UInt64(upload.count), "\(mode)")
                    XCTAssertEqual(summary.chunks, 16, "\(mode)")
                    XCTAssertEqual(summary.crc32, expectedCRC, "\(mode): CRC-32")

                    // Zero-message client stream and zero-chunk server stream.
                    let empty = try await client.upload { _ in }
                    XCTAssertEqual(empty.bytes, 0)
                    XCTAssertEqual(empty.crc32, referenceCRC32([]))
                    let none = try await client.download(downloadRequest(count: 0, size: 10)).collect()
                    XCTAssertTrue(none.isEmpty)

                    // Large, very compressible server stream.
                    let big = try await client.download(downloadRequest(count: 8, size: 200_000)).collect()
                    XCTAssertEqual(big.map(\.data.count), Array(repeating: 200_000, count: 8), "\(mode)")
                }
            }
        }
    }

    func testDownloadOverLimitIsInvalidArgument() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                await assertRPCError(.invalidArgument) {
                    try await DiagnosticsV1.Client(transport: connection)
                        .download(downloadRequest(count: 1_000_000, size: 1_000_000)).collect()
                }
            }
        }
    }

    // MARK: Message limits through the client

    func testOverLimitRequestsRefusedByClientAndConnectionStaysUsable() async throws {
        try await withHost({ $0.limits.maxMessageBytes = 64 << 10 }) { host in
            for compress in [true, false] {
                try await withConnection(host, compressRequests: compress) { connection in
                    let client = DiagnosticsV1.Client(transport: connection)
                    // 1 MiB of zeros would compress to ~1 KiB, but the client checks the size the
                    // server will have after inflating, so it refuses before sending.
                    let error = await assertRPCError(.resourceExhausted) {
                        try await client.echo(echoRequest([UInt8](repeating: 0, count: 1 << 20)))
                    }
                    XCTAssertTrue(error?.message.contains("65536") ?? false, error?.message ?? "")
                    await assertRPCError(.resourceExhausted) {
                        try await client.upload { writer in
                            var chunk = Settle_Diag_V1_Chunk()
                            chunk.data = Data(count: 100_000)
                            try await writer.write(chunk)
                        }
                    }
                    // Just under the limit goes through.
                    let fits = [UInt8](repeating: 7, count: (64 << 10) - 16)
                    let response = try await client.echo(echoRequest(fits))
                    XCTAssertEqual(response.payload.count, fits.count)
                }
            }
        }
    }

    func testOverLimitResponseRefusedByClient() async throws {
        // The client's own message limit protects it from the server's responses too.
        try await withHost { host in
            var limits = WireLimits.defaults
            limits.maxMessageBytes = 32 << 10
            for threshold in [1, 1 << 30] {
                limits.compressionThresholdBytes = threshold
                try await withConnection(host, limits: limits) { connection in
                    let client = DiagnosticsV1.Client(transport: connection)
                    await assertRPCError(.resourceExhausted, message: "threshold \(threshold)") {
                        try await client.download(downloadRequest(count: 1, size: 100_000)).collect()
                    }
                    let small = try await client.download(downloadRequest(count: 2, size: 1_000)).collect()
                    XCTAssertEqual(small.count, 2)
                }
            }
        }
    }

    func testTooManyConcurrentStreamsIsResourceExhausted() async throws {
        try await withHost({ $0.limits.maxConcurrentStreams = 2 }) { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let sleeps = (0..<2).map { _ in Task { try await client.sleep(sleepRequest(1_000)) } }
                try await Task.sleep(for: .milliseconds(100))
                let error = await assertRPCError(.resourceExhausted) { try await client.echo(echoRequest([1])) }
                XCTAssertTrue(error?.message.contains("2") ?? false, error?.message ?? "")
                for sleep in sleeps {
                    let response = try await sleep.value
                    XCTAssertTrue(response.completed)
                }
                let echo = try await client.echo(echoRequest([2]))
                XCTAssertEqual(echo.payload, Data([2]))
            }
        }
    }
}
