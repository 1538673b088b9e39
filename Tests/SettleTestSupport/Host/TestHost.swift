import Foundation
public import Logging
public import SettleClient
public import SettleHost
public import SettleModuleSDK
public import SettleRPC

/// A running host with the modules a test chooses, on a short temporary folder of its own.
///
/// One starter for every test target, as HummingbirdTesting offers one client over an
/// in-memory and a live server: `.inProcess` calls go through the host's in-process transport
/// (no socket round trip); `.live` also connects a ``SettleClient`` over the host's Unix socket,
/// as `settle` does. Either way the socket listens, so CLI tests can run the real binary
/// against it. Each test target keeps a thin wrapper naming its modules and clients.
public final class TestHost: Sendable {
    /// How the test talks to the host.
    public enum Mode: Sendable {
        /// Through the host's in-process transport only.
        case inProcess
        /// Also over the Unix socket, a client connected as `agent`.
        case live(agent: String)
    }

    /// Where the modules keep their stores.
    public enum Stores: Sendable {
        /// SQLite in memory: fast, gone at shutdown.
        case inMemory
        /// Files in the host's folder, so a host started again on it finds what this one wrote.
        case onDisk
    }

    /// The admin every starter has used for its default clients.
    public static let admin = PeerIdentity(uid: 0, gid: 0, pid: 1, role: .admin)
    /// The first person of maker-checker: makes (uid 1001, admin).
    public static let maker = PeerIdentity(uid: 1001, gid: 1001, pid: 2, role: .admin)
    /// The second person of maker-checker: checks (uid 1002, supervisor).
    public static let checker = PeerIdentity(uid: 1002, gid: 1002, pid: 3, role: .supervisor)
    /// Someone with `role` who is none of the above (uid 1000), for the role checks of a contract.
    public static func person(_ role: Role) -> PeerIdentity { PeerIdentity(uid: 1000, gid: 1000, pid: 2, role: role) }

    public let runtime: HostRuntime
    /// The data folder; the socket is `<directory>/s.sock` (short, under the 104-byte limit).
    public let directory: String
    private let socketClient: SettleClient?

    private init(runtime: HostRuntime, directory: String, socketClient: SettleClient?) {
        self.runtime = runtime
        self.directory = directory
        self.socketClient = socketClient
    }

    /// Starts a host with `modules`.
    ///
    /// - Parameters:
    ///   - prefix: names the folder (`/tmp/<prefix>-<random>`), so a leftover shows its test target.
    ///   - directory: a given folder instead (to start again on what an earlier host left).
    ///   - logLevel: what the host logs (errors by default; a test of planted faults wants less).
    ///   - configure: changes to the configuration (diagnostics are off by default).
    public static func start(
        modules: [any SettleModule.Type],
        mode: Mode = .inProcess,
        stores: Stores = .inMemory,
        prefix: String = "th",
        directory given: String? = nil,
        logLevel: Logger.Level = .error,
        configure: (inout HostConfiguration) -> Void = { _ in }
    ) async throws -> TestHost {
        let directory = given ?? temporaryDirectory(prefix: prefix)
        var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
        configuration.diagnostics = false
        configure(&configuration)
        var logger = Logger(label: "\(prefix)-tests")
        logger.logLevel = logLevel
        let runtime = try await HostRuntime.start(
            configuration: configuration, modules: modules, inMemoryStores: stores == .inMemory, logger: logger)
        var socketClient: SettleClient?
        if case .live(let agent) = mode {
            do {
                socketClient = try await SettleClient.connect(socket: configuration.socketPath, agent: agent)
            } catch {
                await runtime.shutdown()
                throw error
            }
        }
        return TestHost(runtime: runtime, directory: directory, socketClient: socketClient)
    }

    /// A short fresh folder name under /tmp (Unix socket paths are limited to 104 bytes).
    public static func temporaryDirectory(prefix: String) -> String {
        "/tmp/\(prefix)-\(String(UInt64.random(in: 0..<(UInt64(1) << 40)), radix: 36))"
    }

    /// The socket path `settle --socket` takes.
    public var socketPath: String { runtime.configuration.socketPath }

    /// The client over the Unix socket; only a `.live` host has one.
    public var remote: SettleClient {
        guard let socketClient else { preconditionFailure("an .inProcess TestHost has no socket client; start it .live") }
        return socketClient
    }

    /// An in-process transport calling as `peer` (the admin by default).
    public func transport(as peer: PeerIdentity = TestHost.admin) -> any ClientTransport {
        runtime.inProcessTransport(as: peer)
    }

    /// Closes the socket client, stops the host, and removes its folder unless `keepFiles`.
    public func shutdown(keepFiles: Bool) async {
        await socketClient?.close()
        await runtime.shutdown()
        if !keepFiles { try? FileManager.default.removeItem(atPath: directory) }
    }
}
