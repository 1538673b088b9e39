import Foundation
import XCTest

/// A small tmpfs mounted for one test (root only; the test is skipped otherwise), so storage
/// faults are real: a full device, a read-only remount. Always unmounted by ``unmount()``.
struct TmpfsMount {
    let path: String

    init(sizeKiB: Int) throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        path = SafetyHost.freshDirectory("dsf")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKiB)k,mode=0755", "tmpfs", path]) == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw XCTSkip("cannot mount a tmpfs at \(path) here")
        }
    }

    func remount(readOnly: Bool) throws {
        let status = Self.run("/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", path])
        guard status == 0 else { throw NSError(domain: "mount", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "remount \(readOnly ? "ro" : "rw") of \(path) failed"]) }
    }

    /// Fills the device: writes a file until the device refuses more. Returns its path.
    func fill() throws -> String {
        let filler = path + "/filler"
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw NSError(domain: "fill", code: Int(errno)) }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0xA5, count: 4_096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        return filler
    }

    func unmount() {
        _ = Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
