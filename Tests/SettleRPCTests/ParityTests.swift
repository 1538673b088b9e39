import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SettleTransport
import XCTest

/// The same calls give the same answers in-process and over the socket.
final class ParityTests: XCTestCase {
    /// What one step of the sequence produced, comparable across transports.
    enum Outcome: Equatable, CustomStringConvertible {
        case echo(payload: Data, note: String)
        case download(chunks: Int, bytes: Int, crc: UInt32)
        case upload(bytes: UInt64, chunks: UInt64, crc: UInt32)
        case sleep(completed: Bool)
        case failed(code: StatusCode, message: String)
        /// For errors whose wording legitimately differs between transports (deadlines).
        case failedWith(code: StatusCode)

        var description: String {
            switch self {
            case let .echo(payload, note): "echo(\(payload.count) bytes, \(note))"
            case let .download(chunks, bytes, crc): "download(\(chunks), \(bytes), \(crc))"
            case let .upload(bytes, chunks, crc): "upload(\(bytes), \(chunks), \(crc))"
            case let .sleep(completed): "sleep(\(completed))"
            case let .failed(code, message): "\(code): \(message)"
            case let .failedWith(code): "\(code)"
            }
        }
    }

    private func step(codeOnly: Bool = false, _ body: () async throws -> Outcome) async -> Outcome {
        do {
            return try await body()
        } catch let error as RPCError {
            return codeOnly ? .failedWith(code: error.code) : .failed(code: error.code, message: error.message)
        } catch {
            return .failed(code: .unknown, message: "not an RPCError: \(type(of: error))")
        }
    }

    private func sequence(_ transport: any ClientTransport) async -> [Outcome] {
        let client = DiagnosticsV1.Client(transport: transport)
        let upload = pseudoRandomBytes(300_000, seed: 7)
        var outcomes: [Outcome] = []
        outcomes.append(await step {
            let response = try await client.echo(echoRequest(Array("hello".utf8), note: "n"))
            return .echo(payload: response.payload, note: response.note)
        })
        outcomes.append(await step {
            let response = try await client.echo(echoRequest(pseudoRandomBytes(50_000, seed: 3), note: "big"))
            return .echo(payload: response.payload, note: response.note)
        })
        outcomes.append(await step {
            let chunks = try await client.download(downloadRequest(count: 100, size: 1000)).collect()
            let all = chunks.flatMap { Array($0.data) }
            return .download(chunks: chunks.count, bytes: all.count, crc: referenceCRC32(all))
        })
        outcomes.append(await step {
            let summary = try await client.upload { writer in
                for start in stride(from: 0, to: upload.count, by: 65536) {
                    var chunk = Settle_Diag_V1_Chunk()
                    chunk.data = Data(upload[start..<min(start + 65536, upload.count)])
                    try await writer.write(chunk)
                }
            }
            return .upload(bytes: summary.bytes, chunks: summary.chunks, crc: summary.crc32)
        })
        outcomes.append(await step {
            let response = try await client.adminPing(echoRequest([1]))
            return .echo(payload: response.payload, note: response.note)
        })
        outcomes.append(await step {
            let nope = MethodDescriptor(service: "settle.nope.v1.Nope", method: "X", kind: .unary, requiredRole: .viewer)
            _ = try await transport.unary(nope, request: [], options: .defaults)
            return .failed(code: .ok, message: "")
        })
        outcomes.append(await step {
            let chunks = try await client.download(downloadRequest(count: 1 << 20, size: 1 << 20)).collect()
            return .download(chunks: chunks.count, bytes: 0, crc: 0)
        })
        outcomes.append(await step {
            let response = try await client.sleep(sleepRequest(20))
            return .sleep(completed: response.completed)
        })
        outcomes.append(await step(codeOnly: true) {
            let response = try await client.sleep(sleepRequest(5_000), options: CallOptions(timeout: .milliseconds(100)))
            return .sleep(completed: response.completed)
        })
        outcomes.append(await step(codeOnly: true) {
            let task = Task { try await client.sleep(sleepRequest(5_000)) }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            return .sleep(completed: try await task.value.completed)
        })
        outcomes.append(await step {
            // A request that is not a valid EchoRequest.
            _ = try await transport.unary(DiagnosticsV1.Method.echo, request: [0xFF, 0xFF, 0xFF], options: .defaults)
            return .failed(code: .ok, message: "")
        })
        return outcomes
    }

    func testInProcessAndSocketGiveIdenticalResults() async throws {
        try await withHost({ $0.access = AccessPolicy(defaultRole: .viewer) }) { host in
            let peer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .viewer)
            let inProcess = await sequence(host.runtime.inProcessTransport(as: peer))
            let overSocket = try await withConnection(host) { await sequence($0) }
            XCTAssertEqual(inProcess.count, overSocket.count)
            for (index, (a, b)) in zip(inProcess, overSocket).enumerated() {
                XCTAssertEqual(a, b, "step \(index): in-process \(a) vs socket \(b)")
            }
            // The sequence really exercised what it claims.
            XCTAssertEqual(inProcess[4], .failed(code: .permissionDenied, message: "/settle.diag.v1.Diagnostics/AdminPing requires role admin; caller uid \(getuid()) has role viewer"))
            XCTAssertEqual(inProcess[5], .failed(code: .unimplemented, message: "no method /settle.nope.v1.Nope/X is served here"))
            XCTAssertEqual(inProcess[6].description.hasPrefix("INVALID_ARGUMENT"), true, "\(inProcess[6])")
            XCTAssertEqual(inProcess[7], .sleep(completed: true))
            XCTAssertEqual(inProcess[8], .failedWith(code: .deadlineExceeded))
            XCTAssertEqual(inProcess[9], .failedWith(code: .cancelled))
            XCTAssertEqual(inProcess[10].description.hasPrefix("INVALID_ARGUMENT"), true, "\(inProcess[10])")
        }
    }

    func testAdminInProcessAndOverSocket() async throws {
        // The standard policy: this process's uid administers, so AdminPing works both ways.
        try await withHost { host in
            let peer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .admin)
            let inProcess = await sequence(host.runtime.inProcessTransport(as: peer))
            let overSocket = try await withConnection(host) { await sequence($0) }
            XCTAssertEqual(inProcess, overSocket)
            XCTAssertEqual(inProcess[4], .echo(payload: Data([1]), note: ""))
        }
    }

    // MARK: Known differences

    func testInheritedDeadlineInProcess() async throws {
        try await withHost { host in
            let client = DiagnosticsV1.Client(transport: host.runtime.inProcessTransport(as: Self.viewer))
            let serving = ServerContext(method: DiagnosticsV1.Method.echo, peer: Self.viewer, deadline: .now + .milliseconds(150))
            let start = ContinuousClock.now
            await ServerContext.$current.withValue(serving) {
                await assertRPCError(.deadlineExceeded) { try await client.sleep(sleepRequest(1_500)) }
            }
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
        }
    }

    /// WIRE.md §11.2: "Over a socket … the caller sends timeout_micros = the time remaining".
    func testInheritedDeadlineOverSocket() async throws {
        try await withHost { host in
            try await withConnection(host) { connection in
                let client = DiagnosticsV1.Client(transport: connection)
                let serving = ServerContext(method: DiagnosticsV1.Method.echo, peer: Self.viewer, deadline: .now + .milliseconds(150))
                let start = ContinuousClock.now
                await ServerContext.$current.withValue(serving) {
                    await assertRPCError(.deadlineExceeded) { try await client.sleep(sleepRequest(1_500)) }
                }
                XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
            }
        }
    }

    struct CallerFailure: Error, Equatable {}

    /// A client-streaming caller whose own request producer fails gets its own error back
    /// both over the socket and in-process.
    func testCallerErrorInClientStreamIsReturnedUnchanged() async throws {
        try await withHost { host in
            let overSocket = try await withConnection(host) { connection in
                await Self.uploadThatFails(DiagnosticsV1.Client(transport: connection))
            }
            XCTAssertEqual(overSocket as? CallerFailure, CallerFailure(), "socket: \(overSocket)")
            let inProcess = await Self.uploadThatFails(DiagnosticsV1.Client(transport: host.runtime.inProcessTransport(as: Self.viewer)))
            XCTAssertEqual(inProcess as? CallerFailure, CallerFailure(), "in-process: \(inProcess)")
        }
    }

    private static func uploadThatFails(_ client: DiagnosticsV1.Client) async -> any Error {
        do {
            _ = try await client.upload { writer in
                try await writer.write(.init())
                throw CallerFailure()
            }
            return RPCError(.ok, "no error")
        } catch {
            return error
        }
    }

    static let viewer = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .viewer)
}
