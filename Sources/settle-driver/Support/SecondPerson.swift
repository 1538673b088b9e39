import Foundation
import SettleClient
#if canImport(Glibc)
import Glibc
#endif

/// The second identity maker-checker asks for (a tariff's creator may not activate it):
/// when the driver runs as root it can connect as uid 65534 — the effective uid switched only
/// for the connect, which is when the host reads SO_PEERCRED — and hosts the driver starts
/// give that uid the supervisor role. As anyone else it has no second person, and says so.
enum SecondPerson {
    static let uid: uid_t = 65_534

    /// A connection as the second person, or nil when the driver cannot be one.
    static func connect(to socketPath: String, agent: String) async -> SettleClient? {
        guard geteuid() == 0, seteuid(uid) == 0 else { return nil }
        defer { _ = seteuid(0) }
        return try? await SettleClient.connect(to: socketPath, agent: agent)
    }

    /// `settled` arguments giving the second person the supervisor role, for hosts the
    /// driver starts itself (a configuration file beside the host's data).
    static func hostArguments() throws -> [String] {
        let path = NSTemporaryDirectory() + "settle-driver-\(getpid())-access.json"
        let json = #"{"access": {"admin": {"uids": [0]}, "supervisor": {"uids": [\#(uid)]}}}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return ["--config", path]
    }
}
