import Foundation
import XCTest

/// One run of the real `settle` binary: its exit status and both outputs.
struct SettleCLIRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The `--json` output as an object; fails the test with both outputs when it is not one.
    func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout + stderr, file: file, line: line)
    }
}

/// Runs `<package>/.build/debug/settle` the way a person does, against one host's socket.
enum SettleCLI {
    /// The binary; skips the test when it is not built.
    static func binary() throws -> String {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root = root.deletingLastPathComponent()
        }
        let path = root.appendingPathComponent(".build/debug/settle").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("the settle binary is not built at \(path); run swift build first")
        }
        return path
    }

    /// Runs `settle ARGUMENTS --socket SOCKET` with output to files (no pipe can fill up),
    /// killed after 30 s.
    static func run(_ arguments: [String], socket: String) async throws -> SettleCLIRun {
        let binary = try binary()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-cli-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let out = folder.appendingPathComponent("out")
                    let err = folder.appendingPathComponent("err")
                    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
                    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
                    let outHandle = try FileHandle(forWritingTo: out)
                    let errHandle = try FileHandle(forWritingTo: err)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: binary)
                    process.arguments = arguments + ["--socket", socket]
                    process.standardOutput = outHandle
                    process.standardError = errHandle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
                    DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
                    process.waitUntilExit()
                    watchdog.cancel()
                    try outHandle.close()
                    try errHandle.close()
                    return SettleCLIRun(
                        status: process.terminationStatus,
                        stdout: try String(contentsOf: out, encoding: .utf8),
                        stderr: try String(contentsOf: err, encoding: .utf8))
                })
            }
        }
    }
}
