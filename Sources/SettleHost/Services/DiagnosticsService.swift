import Foundation
import Synchronization
import SettleContracts
import SettleRPC

/// Measures the link and proves the call semantics (deadlines, cancellation, streaming,
/// roles) against the real runtime; used by `settle-driver bench rpc` and the tests.
struct DiagnosticsService: DiagnosticsV1.ServiceProtocol {
    /// Largest Download a caller may ask for, so the service cannot be used to exhaust memory.
    static let maxDownloadBytes: UInt64 = 256 << 20

    func echo(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        var response = Settle_Diag_V1_EchoResponse()
        response.payload = request.payload
        response.note = request.note
        return response
    }

    func upload(_ requests: RPCAsyncSequence<Settle_Diag_V1_Chunk>, context: ServerContext) async throws -> Settle_Diag_V1_UploadSummary {
        var summary = Settle_Diag_V1_UploadSummary()
        var crc = CRC32()
        for try await chunk in requests {
            summary.bytes += UInt64(chunk.data.count)
            summary.chunks += 1
            crc.update(chunk.data)
        }
        summary.crc32 = crc.value
        return summary
    }

    func download(_ request: Settle_Diag_V1_DownloadRequest, responses: RPCWriter<Settle_Diag_V1_Chunk>, context: ServerContext) async throws {
        guard UInt64(request.count) * UInt64(request.size) <= Self.maxDownloadBytes else {
            throw RPCError(.invalidArgument, "download of \(request.count) × \(request.size) bytes exceeds the \(Self.maxDownloadBytes)-byte limit")
        }
        var chunk = Settle_Diag_V1_Chunk()
        chunk.data = Data((0..<Int(request.size)).map { UInt8(truncatingIfNeeded: $0) })
        for _ in 0..<request.count {
            try Task.checkCancellation()
            try await responses.write(chunk)
        }
    }

    func sleep(_ request: Settle_Diag_V1_SleepRequest, context: ServerContext) async throws -> Settle_Diag_V1_SleepResponse {
        let start = ContinuousClock.now
        var response = Settle_Diag_V1_SleepResponse()
        do {
            try await Task.sleep(for: .milliseconds(Int64(clamping: request.millis)))
            response.completed = true
        } catch {
            SleepObserver.shared.recordCancellation()
            throw error
        }
        response.sleptMillis = UInt64((ContinuousClock.now - start).components.seconds * 1000)
            + UInt64((ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000)
        return response
    }

    func adminPing(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        try await echo(request, context: context)
    }
}

/// Counts Sleep calls that ended by cancellation, so tests can prove a disconnect or a
/// deadline really reached the handler.
public final class SleepObserver: Sendable {
    public static let shared = SleepObserver()
    private let count = Mutex(0)
    public var cancellations: Int { count.withLock { $0 } }
    func recordCancellation() { count.withLock { $0 += 1 } }
}
