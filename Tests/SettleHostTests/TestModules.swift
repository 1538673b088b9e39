import Foundation
import Logging
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import Synchronization
import XCTest

// MARK: A test implementation of the Diagnostics contract

struct PlainFailure: Error {}

/// Serves `settle.diag.v1.Diagnostics` from a module, with answers that show who called.
struct TestDiagnostics: DiagnosticsV1.ServiceProtocol {
    let module: String

    func echo(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        switch request.note {
        case "fail": throw RPCError(.failedPrecondition, "asked to fail by \(module)")
        case "boom": throw PlainFailure()
        default: break
        }
        var response = Settle_Diag_V1_EchoResponse()
        response.payload = request.payload
        response.note = "\(module) role=\(context.peer.role) \(request.note)"
        return response
    }

    func upload(_ requests: RPCAsyncSequence<Settle_Diag_V1_Chunk>, context: ServerContext) async throws -> Settle_Diag_V1_UploadSummary {
        var summary = Settle_Diag_V1_UploadSummary()
        var all: [UInt8] = []
        for try await chunk in requests {
            summary.chunks += 1
            all.append(contentsOf: chunk.data)
        }
        summary.bytes = UInt64(all.count)
        summary.crc32 = referenceCRC32(all)
        return summary
    }

    /// Long streams (over 10,000 chunks) pause 1 ms between chunks and record how they end in
    /// `StreamObserver`, so tests can see a client's cancellation reach the handler.
    func download(_ request: Settle_Diag_V1_DownloadRequest, responses: RPCWriter<Settle_Diag_V1_Chunk>, context: ServerContext) async throws {
        let slow = request.count > 10_000
        do {
            for index in 0..<request.count {
                var chunk = Settle_Diag_V1_Chunk()
                chunk.data = Data(repeating: UInt8(truncatingIfNeeded: index), count: Int(request.size))
                try await responses.write(chunk)
                if slow { try await Task.sleep(for: .milliseconds(1)) }
            }
        } catch {
            if slow { StreamObserver.recordCancellation() }
            throw error
        }
    }

    func sleep(_ request: Settle_Diag_V1_SleepRequest, context: ServerContext) async throws -> Settle_Diag_V1_SleepResponse {
        try await Task.sleep(for: .milliseconds(Int64(request.millis)))
        var response = Settle_Diag_V1_SleepResponse()
        response.completed = true
        return response
    }

    func adminPing(_ request: Settle_Diag_V1_EchoRequest, context: ServerContext) async throws -> Settle_Diag_V1_EchoResponse {
        try await echo(request, context: context)
    }
}

/// Counts long test Downloads that ended early.
enum StreamObserver {
    private static let count = Mutex(0)
    static var cancellations: Int { count.withLock { $0 } }
    static func recordCancellation() { count.withLock { $0 += 1 } }
}

func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

// MARK: Modules

/// Serves Diagnostics.
struct AlphaModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "alpha", version: "1.2.3", serves: [DiagnosticsV1.serviceName])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {
        try TestDiagnostics(module: "alpha").registerMethods(with: &router)
    }
}

/// Also serves Diagnostics: conflicts with alpha.
struct BetaModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "beta", version: "1.0.0", serves: [DiagnosticsV1.serviceName])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {
        try TestDiagnostics(module: "beta").registerMethods(with: &router)
    }
}

/// Registers Echo twice.
struct TwiceModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "twice", version: "1.0.0", serves: [DiagnosticsV1.serviceName])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {
        try router.register(DiagnosticsV1.Method.echo, handler: .unary { bytes, _ in bytes })
        try router.register(DiagnosticsV1.Method.echo, handler: .unary { bytes, _ in bytes })
    }
}

/// Claims the host's own contract.
struct ImpostorModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "impostor", version: "1.0.0", serves: [HostV1.serviceName])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {
        try router.register(HostV1.Method.health, handler: .unary { _, _ in [] })
    }
}

/// Consumes a contract nobody serves.
struct NeedyModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "needy", version: "1.0.0", serves: [], consumes: ["settle.collections.v1.Collections"])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {}
}

/// Registers a method of a contract it did not declare.
struct SneakyModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "sneaky", version: "1.0.0", serves: ["settle.sneaky.v1.Sneaky"])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {
        try router.registerUnary(DiagnosticsV1.Method.echo) { (request: Settle_Diag_V1_EchoRequest, _) in
            Settle_Diag_V1_EchoResponse()
        }
    }
}

/// A module with a bad name.
struct BadNameModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "Bad-Name", version: "1.0.0", serves: [])
    init(context: ModuleContext) async throws {}
    func registerMethods(with router: inout Router) throws(RouterError) {}
}

/// A module whose creation fails.
struct FailingModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "failing", version: "1.0.0", serves: [])
    init(context: ModuleContext) async throws { throw RPCError(.failedPrecondition, "failing module refuses to start") }
    func registerMethods(with router: inout Router) throws(RouterError) {}
}

/// Consumes Diagnostics and hands the client it was given to the test (see `RelayHook`).
struct RelayModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "relay", version: "0.9.0", serves: [], consumes: [DiagnosticsV1.serviceName])

    init(context: ModuleContext) async throws {
        let client = try context.client(DiagnosticsV1.Client.self)
        var undeclared: RPCError?
        do {
            _ = try context.client(HostV1.Client.self)
        } catch let error as RPCError {
            undeclared = error
        }
        RelayHook.record(client: client, undeclaredError: undeclared, hasStore: context.store != nil)
    }

    func registerMethods(with router: inout Router) throws(RouterError) {}
}

/// Where `RelayModule` leaves what its context gave it, keyed by the host being started
/// (set with `RelayHook.$hostKey.withValue(…)` around `HostRuntime.start`).
enum RelayHook {
    struct Captured: Sendable {
        let client: DiagnosticsV1.Client
        let undeclaredError: RPCError?
        let hasStore: Bool
    }

    @TaskLocal static var hostKey: String?
    private static let captured = Mutex<[String: Captured]>([:])

    static func record(client: DiagnosticsV1.Client, undeclaredError: RPCError?, hasStore: Bool) {
        let key = hostKey ?? "unkeyed"
        captured.withLock { $0[key] = Captured(client: client, undeclaredError: undeclaredError, hasStore: hasStore) }
    }

    static func take(_ key: String) -> Captured? {
        captured.withLock { $0.removeValue(forKey: key) }
    }
}

// MARK: Hosts

func makeShortDirectory() throws -> String {
    let directory = "/tmp/st-\(String(UInt64.random(in: 0..<UInt64(1) << 40), radix: 36))"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

func quietLogger() -> Logger {
    var logger = Logger(label: "settled-test")
    logger.logLevel = .error
    return logger
}

/// Starts a host in `directory` (socket `<directory>/s.sock`).
func startHost(
    in directory: String,
    modules: [any SettleModule.Type],
    relayKey: String? = nil,
    _ configure: (inout HostConfiguration) -> Void = { _ in }
) async throws -> HostRuntime {
    var configuration = HostConfiguration(dataDirectory: directory, socketPath: directory + "/s.sock")
    configure(&configuration)
    let final = configuration
    return try await RelayHook.$hostKey.withValue(relayKey) {
        try await HostRuntime.start(configuration: final, modules: modules, inMemoryStores: true, logger: quietLogger())
    }
}

/// Expects starting a host with `modules` to fail with `expected`; the socket is never created.
func assertStartFails<E: Error & Equatable>(
    modules: [any SettleModule.Type],
    with expected: E,
    file: StaticString = #filePath,
    line: UInt = #line,
    _ configure: (inout HostConfiguration) -> Void = { $0.diagnostics = false }
) async throws -> E? {
    let directory = try makeShortDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        let runtime = try await startHost(in: directory, modules: modules, configure)
        await runtime.shutdown()
        XCTFail("host started, expected \(expected)", file: file, line: line)
        return nil
    } catch let error as E {
        XCTAssertEqual(error, expected, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/s.sock"), "a failed start left a socket", file: file, line: line)
        return error
    } catch {
        XCTFail("expected \(expected), got \(type(of: error)): \(error)", file: file, line: line)
        return nil
    }
}
