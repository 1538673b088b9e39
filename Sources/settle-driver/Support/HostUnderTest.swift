import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host a benchmark measures: one it started (a `settled` process in a temp folder,
/// stopped afterwards) or one already running at a given socket.
final class HostUnderTest {
    let socketPath: String
    private let process: Process?
    private let folder: String?

    private init(socketPath: String, process: Process?, folder: String?) {
        self.socketPath = socketPath
        self.process = process
        self.folder = folder
    }

    /// Uses `socket` if given, else starts the `settled` built beside this executable.
    static func start(socket: String?, extraArguments: [String] = []) async throws -> HostUnderTest {
        if let socket { return HostUnderTest(socketPath: socket, process: nil, folder: nil) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("settled").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw DriverError("cannot find settled beside settle-driver at \(executable); build it or pass --socket")
        }
        let folder = "/tmp/settle-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let socket = folder + "/settled.sock"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // SETTLE_HOST_LOG_LEVEL=info shows, e.g., where a billing run's time went.
        let logLevel = ProcessInfo.processInfo.environment["SETTLE_HOST_LOG_LEVEL"] ?? "warning"
        process.arguments = ["--data", folder, "--log-level", logLevel] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: socket) {
            guard process.isRunning else { throw DriverError("settled exited with status \(process.terminationStatus) before listening") }
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw DriverError("settled did not start listening on \(socket) within 30 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return HostUnderTest(socketPath: socket, process: process, folder: folder)
    }

    /// Peak resident memory of the host we started, in MiB (VmHWM), nil for a foreign host.
    var peakRSSMiB: Double? {
        guard let process, let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kib / 1024
        }
        return nil
    }

    /// Stops the host we started (SIGTERM, graceful) and removes its folder.
    func stop() {
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}

struct DriverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
