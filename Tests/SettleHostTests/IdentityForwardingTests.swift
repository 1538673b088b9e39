import Foundation
import SettleClient
import SettleContracts
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SettleTransport
import SwiftProtobuf
import XCTest

// MARK: Two test contracts: an audited supervisor action, and a viewer-level gateway to it

enum Approvals {
    static let serviceName = "settle.test.v1.Approvals"
    static let approve = MethodDescriptor(service: serviceName, method: "Approve", kind: .unary, requiredRole: .supervisor)

    struct Client: ContractClient {
        static let serviceName = Approvals.serviceName
        let transport: any ClientTransport
        init(transport: any ClientTransport) { self.transport = transport }
    }
}

enum Gateway {
    static let serviceName = "settle.test.v1.Gateway"
    static let forward = MethodDescriptor(service: serviceName, method: "Forward", kind: .unary, requiredRole: .viewer)
}

/// Serves Approvals/Approve (supervisor): an audited, idempotent mutation.
struct ApprovalsModule: SettleModule {
    static let descriptor = ModuleDescriptor(
        name: "approvals", version: "1.0.0", serves: [Approvals.serviceName],
        migrations: [StoreMigration(id: "approvals.0001-approvals", sql: "CREATE TABLE approvals_done(entity TEXT PRIMARY KEY)")]
    )
    let store: ModuleStore
    init(context: ModuleContext) async throws { store = try context.requireStore() }

    func registerMethods(with router: inout Router) throws(RouterError) {
        let store = self.store
        try router.registerUnary(Approvals.approve) { (request: Settle_Diag_V1_EchoRequest, context: ServerContext) in
            try await store.mutate(request, context: context) { _, audit in
                try audit.record(entity: "approval/\(request.note)", after: "{\"approved\":true}")
                var response = Settle_Diag_V1_EchoResponse()
                response.note = "approved by \(context.peer.actor)"
                return response
            }.response
        }
    }
}

/// Serves Gateway/Forward (viewer), which asks the Approvals contract to approve.
struct GatewayModule: SettleModule {
    static let descriptor = ModuleDescriptor(name: "gateway", version: "1.0.0", serves: [Gateway.serviceName], consumes: [Approvals.serviceName])
    let approvals: Approvals.Client
    init(context: ModuleContext) async throws { approvals = try context.client(Approvals.Client.self) }

    func registerMethods(with router: inout Router) throws(RouterError) {
        let approvals = self.approvals
        try router.registerUnary(Gateway.forward) { (request: Settle_Diag_V1_EchoRequest, context: ServerContext) in
            let options = CallOptions(metadata: [MetadataKey.idempotencyKey: "approve-\(request.note)"])
            let bytes: [UInt8] = try await approvals.transport.unary(Approvals.approve, request: request.serializedBytes(), options: options)
            return try Settle_Diag_V1_EchoResponse(serializedBytes: bytes)
        }
    }
}

/// A module calling a module on another host acts for the original caller, not as its host.
final class IdentityForwardingTests: XCTestCase {
    private let uid = UInt32(getuid())

    /// Host A serves Approvals (trusting `trusted`); host G serves Gateway, consuming A's
    /// Approvals over A's socket, and grants this process's uid `callerRole`.
    private func withHosts(trusted: Set<UInt32>, callerRole: Role, _ body: (HostRuntime, HostRuntime) async throws -> Void) async throws {
        let directoryA = try makeShortDirectory()
        let directoryG = try makeShortDirectory()
        defer { for directory in [directoryA, directoryG] { try? FileManager.default.removeItem(atPath: directory) } }
        let hostA = try await startHost(in: directoryA, modules: [ApprovalsModule.self]) {
            $0.diagnostics = false
            $0.trustedHostUIDs = trusted
        }
        let uid = self.uid
        let hostG: HostRuntime
        do {
            hostG = try await startHost(in: directoryG, modules: [GatewayModule.self]) {
                $0.diagnostics = false
                $0.remoteContracts[Approvals.serviceName] = hostA.configuration.socketPath
                $0.access = AccessPolicy(roleByUID: [uid: callerRole], defaultRole: .viewer)
            }
        } catch {
            await hostA.shutdown()
            throw error
        }
        do {
            try await body(hostA, hostG)
        } catch {
            await hostG.shutdown()
            await hostA.shutdown()
            throw error
        }
        await hostG.shutdown()
        await hostA.shutdown()
    }

    private func forward(_ host: HostRuntime, _ note: String) async throws -> String {
        let connection = try await RPCConnection.connect(to: host.configuration.socketPath)
        defer { Task { await connection.close() } }
        var request = Settle_Diag_V1_EchoRequest()
        request.note = note
        let bytes = try await connection.unary(Gateway.forward, request: request.serializedBytes(), options: .defaults)
        return try Settle_Diag_V1_EchoResponse(serializedBytes: bytes).note
    }

    func testAViewerCannotGetASupervisorsActionDoneThroughAModule() async throws {
        try await withHosts(trusted: [uid], callerRole: .viewer) { hostA, hostG in
            let error = await assertRPCError(.permissionDenied) { try await self.forward(hostG, "A-17") }
            XCTAssertEqual(error?.message, "\(Approvals.approve.fullName) requires role supervisor; caller uid \(self.uid) has role viewer")
            let store = try hostA.store(of: "approvals")
            let records = try await store.auditRecords()
            XCTAssertEqual(records.filter { $0.entity.hasPrefix("approval/") }.count, 0, "nothing was approved")
        }
    }

    func testTheRemoteAuditNamesTheOriginalActorAndTheHop() async throws {
        try await withHosts(trusted: [uid], callerRole: .supervisor) { hostA, hostG in
            let note = try await forward(hostG, "A-18")
            let actor = "uid:\(uid) via gateway on host uid \(uid)"
            XCTAssertEqual(note, "approved by \(actor)")
            let store = try hostA.store(of: "approvals")
            let records = try await store.auditRecords().filter { $0.entity == "approval/A-18" }
            XCTAssertEqual(records.map(\.actor), [actor])
            XCTAssertEqual(records.map(\.method), [Approvals.approve.fullName])
        }
    }

    func testForwardedIdentityFromAnUntrustedHostIsRefused() async throws {
        try await withHosts(trusted: [], callerRole: .supervisor) { _, hostG in
            let error = await assertRPCError(.permissionDenied) { try await self.forward(hostG, "A-19") }
            XCTAssertEqual(error?.message, "uid \(self.uid) is not a trusted host: it may not call on behalf of another caller")
        }
    }
}

