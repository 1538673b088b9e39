import Foundation
import SettleClient
import SettleTestSupport
import XCTest

/// A real `settled` process (the current build's `settled`) on a data folder of its own, for tests of
/// what only a separate process shows: signals, what is left on disk after it exits.
final class SettledProcess: @unchecked Sendable {
    let process = Process()
    let dataDirectory: String
    let socketPath: String
    let logPath: String

    /// Starts `settled --data DIR` and waits (at most 30 s) for its socket to answer.
    init(dataDirectory: String, environment: [String: String] = [:]) async throws {
        self.dataDirectory = dataDirectory
        socketPath = (dataDirectory as NSString).appendingPathComponent("settled.sock")
        logPath = dataDirectory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: try BuiltBinary.path("settled"))
        process.arguments = ["--data", dataDirectory, "--log-level", "info"]
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("SETTLE_") { env.removeValue(forKey: key) }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let client = try? await SettleClient.connect(socket: socketPath) {
                await client.close()
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw SettledDidNotStart(log: log())
    }

    func client() async throws -> SettleClient { try await SettleClient.connect(socket: socketPath) }

    /// Sends SIGTERM and waits (at most 30 s, then SIGKILL) for the process to exit; its status.
    @discardableResult
    func terminate() async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTFail("settled did not stop within 30 s of SIGTERM")
        }
        return process.terminationStatus
    }

    /// What the process wrote to stderr and stdout.
    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

/// `settled` exited or did not answer within 30 s: the test fails with its log.
struct SettledDidNotStart: Error, CustomStringConvertible {
    let log: String
    var description: String { "settled did not start: \(log)" }
}
