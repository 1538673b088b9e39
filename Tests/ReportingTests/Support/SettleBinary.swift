import Foundation
import XCTest

/// Runs the `settle` binary of this package against a host's socket, as an operator does.
enum SettleBinary {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `<package>/.build/debug/settle`; `swift build --build-tests` builds it.
    static func path() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/settle").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("the settle binary is not built at \(path); run swift build first")
        }
        return path
    }

    /// Runs `settle ARGUMENTS --socket SOCKET` with output to files, killed after 30 s.
    static func run(_ arguments: [String], socket: String) async throws -> Run {
        let binary = try path()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-reporting-cli-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: folder) }
                    let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
                    try Data().write(to: out)
                    try Data().write(to: err)
                    let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
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
                    return Run(status: process.terminationStatus,
                               stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                               stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
                })
            }
        }
    }
}

/// A CSV reader for what the report commands print (RFC 4180 quoting).
enum CSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text).makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { row.append(field); field = "" } else if next == "\n" { row.append(field); rows.append(row); row = []; field = "" } else { field.append(next) }
                        }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { row.append(field); field = "" } else if c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
