import ArgumentParser

/// "CODE@VERSION" (or "CODE", version 0) as typed on the command line.
struct VersionReference: ExpressibleByArgument {
    let code: String
    let version: UInt32

    init?(argument: String) {
        let parts = argument.split(separator: "@", omittingEmptySubsequences: false)
        guard let code = parts.first, !code.isEmpty, parts.count <= 2 else { return nil }
        self.code = String(code)
        if parts.count == 2 {
            guard let version = UInt32(parts[1]), version > 0 else { return nil }
            self.version = version
        } else {
            version = 0
        }
    }
}
