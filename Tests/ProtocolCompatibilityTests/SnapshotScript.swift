import Foundation
import XCTest

/// A line of a snapshot that is not in its format, named by file and line.
struct SnapshotTextError: Error, CustomStringConvertible, Equatable {
    let description: String
}

/// The one way the tests read `.proto` files: `Protocols/snapshot.py`, which has protoc parse
/// them (`--descriptor_set_out`) and writes the snapshot text this target reads. There is no
/// parser of the `.proto` language in Swift to keep in step with it.
enum SnapshotScript {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Protocols/snapshot.py")
    /// Where `settle/options.proto` (the `required_role` option) is found.
    static let protocols = packageRoot.appendingPathComponent("Protocols")

    /// What `snapshot.py` failed with: protoc's own message (file:line:column) or the script's.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The snapshot text of the .proto files under `root` (every file under Protocols/settle
    /// when nil).
    static func text(root: URL? = nil) throws -> String {
        var arguments = [script.path, "--stdout"]
        if let root { arguments += ["--root", root.path, "--include", protocols.path] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw Failure(description: "python3 is not installed (.ci/setup installs it): \(errorText)")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: errorText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The snapshot of `files` (paths such as `fixture/a/x.proto`, all under one top folder,
    /// which is how they import each other), written to a temporary folder and read by protoc.
    static func text(of files: [(String, String)]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proto-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let top = files.first.map { String($0.0.prefix { $0 != "/" }) } ?? ""
        return try text(root: folder.appendingPathComponent(top))
    }

    static func snapshot(of files: [(String, String)], source: String) throws -> Snapshot {
        try Snapshot(text: try text(of: files), source: source)
    }
}
