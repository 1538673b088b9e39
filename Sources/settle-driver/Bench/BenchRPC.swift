import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// `settle-driver bench rpc`: the call path's speed through the full stack (framing,
/// routing, handler, status) with a 100-byte protobuf request and reply, and upload throughput.
struct BenchRPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Unary calls/s (1 and 64 in flight, 8 connections), p50/p99 latency, 1 MiB upload MB/s."
    )

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).")
    var socket: String?

    @Option(name: .long, help: "Seconds each measurement runs.")
    var seconds: Double = 3

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func run() async throws {
        let host = try await HostUnderTest.start(socket: socket)
        defer { host.stop() }
        let payload = Data((0..<96).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        var request = Settle_Diag_V1_EchoRequest()
        request.payload = payload
        let requestBytes = try request.serializedBytes() as [UInt8]
        let duration = Duration.milliseconds(Int64(seconds * 1000))

        let connection = try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")
        // Warm up the path (allocations, page faults) before measuring.
        _ = try await UnaryLoad.run(connections: [connection], inFlightPerConnection: 8, request: request, duration: .milliseconds(300))
        let one = try await UnaryLoad.run(connections: [connection], inFlightPerConnection: 1, request: request, duration: duration)
        let sixtyFour = try await UnaryLoad.run(connections: [connection], inFlightPerConnection: 64, request: request, duration: duration)
        var eight: [SettleClient] = []
        for _ in 0..<8 { eight.append(try await SettleClient.connect(to: host.socketPath, agent: "settle-driver")) }
        let overEight = try await UnaryLoad.run(connections: eight, inFlightPerConnection: 8, request: request, duration: duration)
        for connection in eight { await connection.close() }

        let compressed = try await UploadLoad.run(socket: host.socketPath, compress: true, duration: duration)
        let plain = try await UploadLoad.run(socket: host.socketPath, compress: false, duration: duration)
        await connection.close()

        let figures: [(String, Double)] = [
            ("request_bytes", Double(requestBytes.count)),
            ("calls_per_s_1_inflight", one.callsPerSecond),
            ("p50_us_1_inflight", one.latency.percentileMicros(50)),
            ("calls_per_s_64_inflight", sixtyFour.callsPerSecond),
            ("p50_us_64_inflight", sixtyFour.latency.percentileMicros(50)),
            ("p99_us_64_inflight", sixtyFour.latency.percentileMicros(99)),
            ("calls_per_s_8_connections", overEight.callsPerSecond),
            ("p99_us_8_connections", overEight.latency.percentileMicros(99)),
            ("upload_mb_per_s_compressed", compressed.megabytesPerSecond),
            ("upload_mb_per_s_plain", plain.megabytesPerSecond),
            ("upload_compression_ratio", compressed.compressionRatio),
            ("peak_rss_mb", host.peakRSSMiB ?? 0),
        ]
        if json {
            var object: [String: Any] = [:]
            for (key, value) in figures { object[key] = (value * 10).rounded() / 10 }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("settle-driver bench rpc — \(requestBytes.count)-byte Echo request and reply, \(seconds) s per run")
            for (key, value) in figures { print(key.padding(toLength: 30, withPad: " ", startingAt: 0), String(format: "%12.1f", value)) }
        }
    }
}

/// Many callers making unary calls back to back for a fixed time.
enum UnaryLoad {
    struct Result {
        var calls = 0
        var elapsed = Duration.zero
        var latency = LatencyRecorder()
        var callsPerSecond: Double { Double(calls) / elapsed.seconds }
    }

    static func run(
        connections: [SettleClient],
        inFlightPerConnection: Int,
        request: Settle_Diag_V1_EchoRequest,
        duration: Duration
    ) async throws -> Result {
        let start = ContinuousClock.now
        let end = start + duration
        var total = Result()
        try await withThrowingTaskGroup(of: Result.self) { group in
            for connection in connections {
                let client = DiagnosticsV1.Client(transport: connection)
                for _ in 0..<inFlightPerConnection {
                    // Callers run on the connection's event loop: no thread hop per call.
                    group.addTask(executorPreference: connection.taskExecutor) {
                        var result = Result()
                        result.latency = LatencyRecorder()
                        var now = ContinuousClock.now
                        while now < end {
                            let response = try await client.echo(request)
                            guard response.payload.count == request.payload.count else {
                                throw DriverError("echo returned \(response.payload.count) bytes, expected \(request.payload.count)")
                            }
                            let after = ContinuousClock.now
                            result.latency.record(after - now)
                            result.calls += 1
                            now = after
                        }
                        return result
                    }
                }
            }
            for try await part in group {
                total.calls += part.calls
                total.latency.merge(part.latency)
            }
        }
        total.elapsed = ContinuousClock.now - start
        return total
    }
}

/// Repeated 1 MiB client-streaming uploads (16 chunks of 64 KiB of CSV-like meter reads).
enum UploadLoad {
    struct Result {
        var bytes = 0
        var elapsed = Duration.zero
        var compressionRatio = 1.0
        var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / elapsed.seconds }
    }

    static func chunks() -> [Settle_Diag_V1_Chunk] {
        var text = ""
        var line = 0
        while text.utf8.count < 1 << 20 {
            text += "MTR\(100_000 + line % 5_000),2026-10-\(String(format: "%02d", line % 28 + 1))T08:15,\(12_000 + (line &* 37) % 9_000),A\n"
            line += 1
        }
        let bytes = Array(text.utf8.prefix(1 << 20))
        return stride(from: 0, to: bytes.count, by: 64 << 10).map { offset in
            var chunk = Settle_Diag_V1_Chunk()
            chunk.data = Data(bytes[offset..<min(offset + (64 << 10), bytes.count)])
            return chunk
        }
    }

    static func run(socket: String, compress: Bool, duration: Duration) async throws -> Result {
        let connection = try await SettleClient.connect(to: socket, agent: "settle-driver", compressRequests: compress)
        defer { Task { await connection.close() } }
        let client = DiagnosticsV1.Client(transport: connection)
        let chunks = Self.chunks()
        let total = chunks.reduce(0) { $0 + $1.data.count }
        var result = Result()
        let start = ContinuousClock.now
        repeat {
            let summary = try await client.upload { writer in
                for chunk in chunks { try await writer.write(chunk) }
            }
            guard summary.bytes == UInt64(total) else {
                throw DriverError("upload reported \(summary.bytes) bytes, sent \(total)")
            }
            result.bytes += total
        } while ContinuousClock.now - start < duration
        result.elapsed = ContinuousClock.now - start
        if compress {
            let compressor = try MessageCompressorProbe.ratio(of: chunks)
            result.compressionRatio = compressor
        }
        return result
    }
}

/// Measures the ratio the wire's compressor achieves on the upload's chunks.
enum MessageCompressorProbe {
    static func ratio(of chunks: [Settle_Diag_V1_Chunk]) throws -> Double {
        let messages: [[UInt8]] = try chunks.map { try $0.serializedBytes() }
        let plain = messages.reduce(0) { $0 + $1.count }
        let compressed = try WireCompression.compressedSizes(of: messages).reduce(0, +)
        return Double(plain) / Double(max(1, compressed))
    }
}
