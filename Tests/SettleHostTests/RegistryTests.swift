import Foundation
import SettleClient
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTransport
import SwiftProtobuf
import XCTest

final class RegistryTests: XCTestCase {
    // MARK: Conflicts

    func testContractServedTwice() async throws {
        let error = try await assertStartFails(
            modules: [AlphaModule.self, BetaModule.self],
            with: RegistryError.contractServedTwice(contract: DiagnosticsV1.serviceName, modules: ["alpha", "beta"])
        )
        XCTAssertEqual(error?.description, "contract settle.diag.v1.Diagnostics is served by more than one module: alpha, beta")
    }

    func testDuplicateMethodThroughRouter() throws {
        var router = Router()
        try router.registering(module: "alpha") { router in
            try router.register(DiagnosticsV1.Method.echo, handler: .unary { bytes, _ in bytes })
        }
        XCTAssertThrowsError(try router.registering(module: "beta") { router in
            try router.register(DiagnosticsV1.Method.echo, handler: .unary { bytes, _ in bytes })
        }) { error in
            let expected = RouterError.duplicateMethod(method: "/settle.diag.v1.Diagnostics/Echo", firstModule: "alpha", secondModule: "beta")
            XCTAssertEqual(error as? RouterError, expected)
            XCTAssertEqual("\(error)", "method /settle.diag.v1.Diagnostics/Echo is registered twice: by module alpha and by module beta")
        }
        // The first registration stands, attributed to its module.
        XCTAssertEqual(router.method(named: "/settle.diag.v1.Diagnostics/Echo")?.module, "alpha")
        // Outside `registering`, methods belong to the host.
        try router.register(DiagnosticsV1.Method.sleep, handler: .unary { bytes, _ in bytes })
        XCTAssertEqual(router.method(named: DiagnosticsV1.Method.sleep.fullName)?.module, "host")
        // A handler of the wrong kind is refused.
        XCTAssertThrowsError(try router.register(DiagnosticsV1.Method.upload, handler: .unary { bytes, _ in bytes })) { error in
            XCTAssertEqual(error as? RouterError, .kindMismatch(method: DiagnosticsV1.Method.upload.fullName, declared: .clientStreaming, handler: .unary))
        }
    }

    func testModuleRegisteringAMethodTwice() async throws {
        _ = try await assertStartFails(
            modules: [TwiceModule.self],
            with: RouterError.duplicateMethod(method: DiagnosticsV1.Method.echo.fullName, firstModule: "twice", secondModule: "twice")
        )
    }

    func testModuleClashingWithHostServices() async throws {
        // The host's own Diagnostics is registered after the modules, so it is the second.
        _ = try await assertStartFails(
            modules: [AlphaModule.self],
            with: RouterError.duplicateMethod(method: DiagnosticsV1.Method.echo.fullName, firstModule: "alpha", secondModule: "host"),
            { $0.diagnostics = true }
        )
        _ = try await assertStartFails(
            modules: [ImpostorModule.self],
            with: RouterError.duplicateMethod(method: HostV1.Method.health.fullName, firstModule: "impostor", secondModule: "host")
        )
    }

    // MARK: Dependencies and declarations

    func testMissingDependency() async throws {
        let error = try await assertStartFails(
            modules: [NeedyModule.self],
            with: RegistryError.missingDependency(module: "needy", contract: "settle.collections.v1.Collections")
        )
        let text = error?.description ?? ""
        XCTAssertTrue(text.contains("settle.collections.v1.Collections"), text)
        XCTAssertTrue(text.contains("needy"), text)
    }

    func testRemoteEntrySatisfiesDependencyAndIsReported() async throws {
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Remote hosts are connected on first use, so one that is not running does not stop start-up.
        let runtime = try await startHost(in: directory, modules: [NeedyModule.self]) {
            $0.remoteContracts["settle.collections.v1.Collections"] = "/tmp/st-nowhere/s.sock"
        }
        let modules = try await HostV1.Client(transport: runtime.inProcessTransport(as: Self.admin)).listModules()
        await runtime.shutdown()
        let needy = try XCTUnwrap(modules.modules.first { $0.name == "needy" })
        XCTAssertEqual(needy.consumedFrom, ["settle.collections.v1.Collections": "unix:/tmp/st-nowhere/s.sock"])
    }

    func testUndeclaredMethod() async throws {
        let error = try await assertStartFails(
            modules: [SneakyModule.self],
            with: RegistryError.undeclaredMethod(module: "sneaky", method: "/settle.diag.v1.Diagnostics/Echo")
        )
        XCTAssertTrue(error?.description.contains("sneaky") ?? false)
    }

    func testOtherDeclarationErrors() async throws {
        _ = try await assertStartFails(modules: [AlphaModule.self, AlphaModule.self], with: RegistryError.duplicateModule("alpha"))
        _ = try await assertStartFails(modules: [BadNameModule.self], with: RegistryError.invalidModuleName("Bad-Name"))
        _ = try await assertStartFails(modules: [AlphaModule.self], with: RegistryError.unknownDisabledModule("ghost")) {
            $0.diagnostics = false
            $0.disabledModules = ["ghost"]
        }
        _ = try await assertStartFails(
            modules: [AlphaModule.self],
            with: RegistryError.servedAndRemote(contract: DiagnosticsV1.serviceName, module: "alpha", socket: "/tmp/x.sock")
        ) {
            $0.diagnostics = false
            $0.remoteContracts[DiagnosticsV1.serviceName] = "/tmp/x.sock"
        }
        _ = try await assertStartFails(modules: [FailingModule.self], with: RPCError(.failedPrecondition, "failing module refuses to start"))
        // Disabling one of two conflicting modules resolves the conflict.
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try await startHost(in: directory, modules: [AlphaModule.self, BetaModule.self]) {
            $0.diagnostics = false
            $0.disabledModules = ["alpha"]
        }
        XCTAssertEqual(runtime.modules.map(\.descriptor.name), ["beta"])
        let echo = try await DiagnosticsV1.Client(transport: runtime.inProcessTransport(as: Self.admin)).echo(Self.echo([1], "x"))
        XCTAssertEqual(echo.note, "beta role=admin x")
        await runtime.shutdown()
    }

    func testValidateDirectly() throws {
        let registry = ModuleRegistry(modules: [AlphaModule.self, NeedyModule.self])
        XCTAssertThrowsError(try registry.validate(disabled: [], remote: [:])) { error in
            XCTAssertEqual(error as? RegistryError, .missingDependency(module: "needy", contract: "settle.collections.v1.Collections"))
        }
        let enabled = try registry.validate(disabled: ["needy"], remote: [:])
        XCTAssertEqual(enabled.map { $0.descriptor.name }, ["alpha"])
    }

    // MARK: In-process and remote

    static let admin = PeerIdentity(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: getpid(), role: .admin)

    static func echo(_ payload: [UInt8], _ note: String) -> Settle_Diag_V1_EchoRequest {
        var request = Settle_Diag_V1_EchoRequest()
        request.payload = Data(payload)
        request.note = note
        return request
    }

    enum Outcome: Equatable {
        case value(String)
        case failed(StatusCode, String)
        case failedCode(StatusCode)
    }

    private static func outcome(codeOnly: Bool = false, _ body: () async throws -> String) async -> Outcome {
        do {
            return .value(try await body())
        } catch let error as RPCError {
            return codeOnly ? .failedCode(error.code) : .failed(error.code, error.message)
        } catch {
            return .failed(.unknown, "not an RPCError: \(error)")
        }
    }

    /// The calls the relay makes, with everything each returned.
    private static func sequence(_ client: DiagnosticsV1.Client) async -> [Outcome] {
        var outcomes: [Outcome] = []
        outcomes.append(await outcome {
            let response = try await client.echo(echo([1, 2, 3], "hi"))
            return "\(Array(response.payload)) \(response.note)"
        })
        outcomes.append(await outcome {
            let response = try await client.echo(echo([UInt8](repeating: 9, count: 40_000), "large"))
            return "\(response.payload.count) \(response.note)"
        })
        outcomes.append(await outcome {
            let response = try await client.adminPing(echo([4], "ping"))
            return "\(Array(response.payload)) \(response.note)"
        })
        outcomes.append(await outcome { _ = try await client.echo(echo([], "fail")); return "" })
        outcomes.append(await outcome { _ = try await client.echo(echo([], "boom")); return "" })
        outcomes.append(await outcome {
            let chunks = try await client.download(.with { $0.count = 20; $0.size = 3000 }).collect()
            return "\(chunks.count) \(referenceCRC32(chunks.flatMap { Array($0.data) }))"
        })
        outcomes.append(await outcome {
            let summary = try await client.upload { writer in
                for index in 0..<10 {
                    try await writer.write(.with { $0.data = Data(repeating: UInt8(index), count: 10_000) })
                }
            }
            return "\(summary.bytes) \(summary.chunks) \(summary.crc32)"
        })
        outcomes.append(await outcome(codeOnly: true) {
            _ = try await client.sleep(.with { $0.millis = 5_000 }, options: CallOptions(timeout: .milliseconds(100)))
            return ""
        })
        outcomes.append(await outcome {
            let nope = MethodDescriptor(service: "settle.nope.v1.Nope", method: "X", kind: .unary, requiredRole: .viewer)
            _ = try await client.transport.unary(nope, request: [], options: .defaults)
            return ""
        })
        return outcomes
    }

    func testInProcessAndRemoteClientsBehaveAlike() async throws {
        let directoryA = try makeShortDirectory()
        let directoryB = try makeShortDirectory()
        let directoryC = try makeShortDirectory()
        defer {
            for directory in [directoryA, directoryB, directoryC] { try? FileManager.default.removeItem(atPath: directory) }
        }
        // A serves Diagnostics from module alpha; B's relay uses A remotely; C has both in-process.
        let hostA = try await startHost(in: directoryA, modules: [AlphaModule.self]) { $0.diagnostics = false }
        let socketA = hostA.configuration.socketPath
        let hostB: HostRuntime
        let hostC: HostRuntime
        do {
            hostB = try await startHost(in: directoryB, modules: [RelayModule.self], relayKey: "remote") {
                $0.diagnostics = false
                $0.remoteContracts[DiagnosticsV1.serviceName] = socketA
            }
        } catch {
            await hostA.shutdown()
            throw error
        }
        do {
            hostC = try await startHost(in: directoryC, modules: [AlphaModule.self, RelayModule.self], relayKey: "local") { $0.diagnostics = false }
        } catch {
            await hostB.shutdown()
            await hostA.shutdown()
            throw error
        }

        do {
            let remote = try XCTUnwrap(RelayHook.take("remote"))
            let local = try XCTUnwrap(RelayHook.take("local"))
            XCTAssertTrue((remote.client.transport as? IdentityForwardingTransport)?.base is RemoteTransport, "a remote contract is reached through a RemoteTransport that forwards the caller")
            XCTAssertTrue(local.client.transport is InProcessTransport)
            for captured in [remote, local] {
                XCTAssertEqual(captured.undeclaredError?.code, .failedPrecondition)
                XCTAssertTrue(captured.undeclaredError?.message.contains("did not declare that it consumes settle.host.v1.Host") ?? false)
                XCTAssertFalse(captured.hasStore)
            }

            let overSocket = await Self.sequence(remote.client)
            let inProcess = await Self.sequence(local.client)
            XCTAssertEqual(overSocket.count, inProcess.count)
            for (index, (a, b)) in zip(overSocket, inProcess).enumerated() {
                XCTAssertEqual(a, b, "step \(index): remote \(a) vs in-process \(b)")
            }
            XCTAssertEqual(inProcess[0], .value("[1, 2, 3] alpha role=admin hi"))
            XCTAssertEqual(inProcess[3], .failed(.failedPrecondition, "asked to fail by alpha"))
            XCTAssertEqual(inProcess[4], .failed(.unknown, "the server failed to handle the call; its log has the detail"))
            XCTAssertEqual(inProcess[7], .failedCode(.deadlineExceeded))
            XCTAssertEqual(inProcess[8], .failed(.unimplemented, "no method /settle.nope.v1.Nope/X is served here"))

            // ListModules says where each dependency is served from, in-process and over the socket.
            let modulesB = try await HostV1.Client(transport: hostB.inProcessTransport(as: Self.admin)).listModules()
            let relayB = try XCTUnwrap(modulesB.modules.first { $0.name == "relay" })
            XCTAssertEqual(relayB.consumedFrom, [DiagnosticsV1.serviceName: "unix:\(socketA)"])
            XCTAssertEqual(relayB.consumes, [DiagnosticsV1.serviceName])
            XCTAssertEqual(relayB.version, "0.9.0")
            XCTAssertEqual(relayB.storePath, "")

            let clientC = try await SettleClient.connect(socket: hostC.configuration.socketPath)
            let modulesC = try await clientC.host.listModules()
            await clientC.close()
            XCTAssertEqual(modulesC.modules.map(\.name), ["alpha", "relay"])
            let relayC = try XCTUnwrap(modulesC.modules.first { $0.name == "relay" })
            XCTAssertEqual(relayC.consumedFrom, [DiagnosticsV1.serviceName: "in-process"])
            let alphaC = try XCTUnwrap(modulesC.modules.first { $0.name == "alpha" })
            XCTAssertEqual(alphaC.serves, [DiagnosticsV1.serviceName])
            XCTAssertTrue(alphaC.consumedFrom.isEmpty)

            // The methods each host routes, with the module serving them.
            let methodsC = try await HostV1.Client(transport: hostC.inProcessTransport(as: Self.admin)).listMethods()
            XCTAssertEqual(methodsC.methods.first { $0.name == DiagnosticsV1.Method.echo.fullName }?.module, "alpha")
            XCTAssertEqual(methodsC.methods.first { $0.name == HostV1.Method.health.fullName }?.module, "host")
            let methodsB = try await HostV1.Client(transport: hostB.inProcessTransport(as: Self.admin)).listMethods()
            XCTAssertFalse(methodsB.methods.contains { $0.name.hasPrefix("/settle.diag.v1.") }, "B serves no Diagnostics itself")
        } catch {
            XCTFail("\(error)")
        }
        await hostC.shutdown()
        await hostB.shutdown()
        await hostA.shutdown()
    }

    func testRemoteDependencyStartsInAnyOrderAndReconnects() async throws {
        let directoryA = try makeShortDirectory()
        let directoryB = try makeShortDirectory()
        defer {
            for directory in [directoryA, directoryB] { try? FileManager.default.removeItem(atPath: directory) }
        }
        let socketA = directoryA + "/s.sock"
        // B starts first: its relay's dependency is not up yet.
        let hostB = try await startHost(in: directoryB, modules: [RelayModule.self], relayKey: "order") {
            $0.diagnostics = false
            $0.remoteContracts[DiagnosticsV1.serviceName] = socketA
        }
        do {
            let client = try XCTUnwrap(RelayHook.take("order")).client
            do {
                _ = try await client.echo(Self.echo([1], "early"))
                XCTFail("a call to a host that is not running succeeded")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .unavailable, "\(error)")
            }
            var hostA = try await startHost(in: directoryA, modules: [AlphaModule.self]) { $0.diagnostics = false }
            var response = try await client.echo(Self.echo([2], "up"))
            XCTAssertEqual(response.note, "alpha role=admin up")
            // A restarts: the relay's transport reconnects on the next call.
            await hostA.shutdown()
            do {
                _ = try await client.echo(Self.echo([3], "down"))
                XCTFail("a call to a stopped host succeeded")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .unavailable, "\(error)")
            }
            hostA = try await startHost(in: directoryA, modules: [AlphaModule.self]) { $0.diagnostics = false }
            response = try await client.echo(Self.echo([4], "again"))
            XCTAssertEqual(response.payload, Data([4]))
            await hostA.shutdown()
        } catch {
            XCTFail("\(error)")
        }
        await hostB.shutdown()
    }

    func testInProcessCallsFromAHandlerRelayTheCaller() async throws {
        // A call a handler makes in-process inherits the serving call's peer (marked via the
        // calling module) and deadline.
        let directory = try makeShortDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try await startHost(in: directory, modules: [AlphaModule.self, RelayModule.self], relayKey: "nested") { $0.diagnostics = false }
        do {
            let client = try XCTUnwrap(RelayHook.take("nested")).client
            let viewer = PeerIdentity(uid: 4242, gid: 4242, pid: 1, role: .viewer)
            let serving = ServerContext(method: DiagnosticsV1.Method.echo, peer: viewer, deadline: .now + .milliseconds(150))
            let (echo, denied, deadline) = await ServerContext.$current.withValue(serving) {
                let echo = await Self.outcome { try await client.echo(Self.echo([1], "as viewer")).note }
                let denied = await Self.outcome { try await client.adminPing(Self.echo([1], "")).note }
                let deadline = await Self.outcome(codeOnly: true) { _ = try await client.sleep(.with { $0.millis = 5_000 }); return "" }
                return (echo, denied, deadline)
            }
            XCTAssertEqual(echo, .value("alpha role=viewer as viewer"))
            guard case .failed(.permissionDenied, let message) = denied else { return XCTFail("\(denied)") }
            XCTAssertTrue(message.contains("uid 4242 has role viewer"), message)
            XCTAssertEqual(deadline, .failedCode(.deadlineExceeded))
        } catch {
            XCTFail("\(error)")
        }
        await runtime.shutdown()
    }
}
