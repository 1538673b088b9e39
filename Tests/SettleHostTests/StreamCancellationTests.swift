import Foundation
import SettleClient
import SettleContracts
import SettleHost
import SettleRPC
import SettleTransport
import SwiftProtobuf
import XCTest

/// A client that stops reading a server stream cancels the handler over a real socket.
final class StreamCancellationTests: XCTestCase {
    private func waitFor(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    func testBreakingOffAServerStreamCancelsTheHandler() async throws {
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try await startHost(in: directory, modules: [AlphaModule.self]) { $0.diagnostics = false }
        do {
            let client = try await SettleClient.connect(socket: runtime.configuration.socketPath)
            let diagnostics = client.diagnostics
            let before = StreamObserver.cancellations
            var seen = 0
            for try await chunk in try await diagnostics.download(.with { $0.count = 1_000_000; $0.size = 10 }) {
                XCTAssertEqual(chunk.data.count, 10)
                seen += 1
                if seen == 20 { break }
            }
            XCTAssertEqual(seen, 20)
            let cancelled = await waitFor { StreamObserver.cancellations > before }
            XCTAssertTrue(cancelled, "abandoning the stream did not cancel the server's handler")
            let echo = try await diagnostics.echo(.with { $0.note = "after" })
            XCTAssertEqual(echo.note, "alpha role=admin after")

            // Cancelling the consuming task does the same.
            let again = StreamObserver.cancellations
            let reader = Task {
                var count = 0
                for try await _ in try await diagnostics.download(.with { $0.count = 1_000_000; $0.size = 10 }) { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            reader.cancel()
            // The stream is an AsyncThrowingStream: in a cancelled task its iteration simply ends
            // (no error), so the reader sees a short stream, not CANCELLED.
            do {
                let count = try await reader.value
                XCTAssertLessThan(count, 1_000_000, "a cancelled reader received the whole stream")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .cancelled, "\(error)")
            }
            let cancelledAgain = await waitFor { StreamObserver.cancellations > again }
            XCTAssertTrue(cancelledAgain, "cancelling the reader did not cancel the server's handler")
            await client.close()
        } catch {
            XCTFail("\(error)")
        }
        await runtime.shutdown()
    }
}
