public import Foundation

/// Runs a built binary the way a person does, with its output to files (no pipe can fill up)
/// and a watchdog, off the cooperative pool (the run blocks a thread until the process exits).
public enum BinaryRunner {
    /// How a run differs from the default (the test's own environment and folder, 30 s limit).
    public struct Options: Sendable {
        /// Variables set for the child, over the test's own.
        public var environment: [String: String] = [:]
        /// Variables of the test's environment the child must not see.
        public var unset: [String] = []
        /// Runs the child in its own empty folder, so files it writes by default do not land
        /// in the test's folder.
        public var inScratchFolder = false
        /// Terminates the child after this many seconds; `nil` lets it run to the end.
        public var timeout: TimeInterval? = 30

        public init(environment: [String: String] = [:], unset: [String] = [], inScratchFolder: Bool = false, timeout: TimeInterval? = 30) {
            self.environment = environment
            self.unset = unset
            self.inScratchFolder = inScratchFolder
            self.timeout = timeout
        }
    }

    /// Runs the built binary `name` with `arguments`; throws ``BinaryNotBuilt`` when it is not built.
    public static func run(_ name: String, _ arguments: [String], options: Options = Options()) async throws -> CommandRun {
        let binary = try BuiltBinary.path(name)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(binary, arguments, options) })
            }
        }
    }

    private static func runBlocking(_ binary: String, _ arguments: [String], _ options: Options) throws -> CommandRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-run-\(UUID().uuidString)")
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
        process.arguments = arguments
        if !options.environment.isEmpty || !options.unset.isEmpty {
            var environment = ProcessInfo.processInfo.environment
            for key in options.unset { environment.removeValue(forKey: key) }
            for (key, value) in options.environment { environment[key] = value }
            process.environment = environment
        }
        if options.inScratchFolder {
            let scratch = folder.appendingPathComponent("cwd")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            process.currentDirectoryURL = scratch
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        if let timeout = options.timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        }
        process.waitUntilExit()
        watchdog.cancel()
        try outHandle.close()
        try errHandle.close()
        return CommandRun(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
            pid: pid)
    }
}
