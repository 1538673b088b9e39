import Foundation

/// Finds the executables of this package's current build (`settle`, `settle-driver`,
/// `settled`), wherever the build folder is.
///
/// Tests used to look in `<package>/.build/debug` and skip when nothing was there, so a build
/// under `--scratch-path` or another triple skipped every CLI test without a word. This looks
/// where the running test bundle was built first (the binaries are its siblings), then asks
/// `swift build --show-bin-path`, and throws ``BinaryNotBuilt`` (a failure, never a skip)
/// when neither has the binary.
public enum BuiltBinary {
    /// The path of the executable `name` of the current build; throws ``BinaryNotBuilt``.
    @discardableResult
    public static func path(_ name: String) throws -> String {
        var tried: [String] = []
        for directory in candidateDirectories {
            let path = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            tried.append(path)
        }
        if let directory = showBinPath, !tried.contains(directory.appendingPathComponent(name).path) {
            let path = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            tried.append(path)
        }
        throw BinaryNotBuilt(name: name, tried: tried)
    }

    /// `SETTLE_BIN_PATH` when set, then the folder that holds the running test bundle.
    private static var candidateDirectories: [URL] {
        var directories: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SETTLE_BIN_PATH"], !override.isEmpty {
            directories.append(URL(fileURLWithPath: override))
        }
        // Linux runs `<bin>/settlePackageTests.xctest` itself; macOS loads the bundle
        // `<bin>/settlePackageTests.xctest` into `xctest`. Either way its parent is the bin path.
        let bundles = [Bundle.main] + Bundle.allBundles
        for bundle in bundles {
            let paths = [bundle.bundleURL, bundle.executableURL].compactMap { $0?.resolvingSymlinksInPath() }
            for path in paths {
                var url = path
                while url.path != "/", url.pathExtension != "xctest" { url.deleteLastPathComponent() }
                if url.pathExtension == "xctest" { directories.append(url.deletingLastPathComponent()) }
            }
        }
        var seen: Set<String> = []
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// `swift build --show-bin-path` run once in the package root (found from this file).
    private static let showBinPath: URL? = {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--show-bin-path"]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let last = text.split(separator: "\n").last else { return nil }
        return URL(fileURLWithPath: String(last))
    }()
}

/// The binary a test needs is not built: the test fails with where it looked.
public struct BinaryNotBuilt: Error, CustomStringConvertible {
    public let name: String
    public let tried: [String]

    public var description: String {
        "the \(name) binary is not built (looked at \(tried.joined(separator: ", "))); run `swift build --build-tests` first"
    }
}
