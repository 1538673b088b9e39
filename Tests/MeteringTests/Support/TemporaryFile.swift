import Foundation

/// A file the `settle` binary is given to import: written under a fresh name in the temporary
/// folder, so runs and tests never read each other's files.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
