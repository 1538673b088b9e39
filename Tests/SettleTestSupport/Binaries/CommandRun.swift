import Foundation
import XCTest

/// One finished run of a built binary: its exit status, both outputs and its process id.
public struct CommandRun: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let pid: Int32

    public init(status: Int32, stdout: String, stderr: String, pid: Int32) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.pid = pid
    }

    /// The `--json` output as an object; fails the test with both outputs when it is not one.
    public func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout + stderr, file: file, line: line)
    }
}
