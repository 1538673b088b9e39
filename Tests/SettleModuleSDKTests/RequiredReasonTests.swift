import Foundation
import SettleModuleSDK
import SettleRPC
import Testing

@Suite("A supervisor's change says why")
struct RequiredReasonTests {
    /// The smallest module service: `requiredReason` needs only the protocol's statics.
    private struct Service: ModuleService {
        let store: ModuleStore
        let timeZone: TimeZone
    }

    private static func context(reason: String?) -> ServerContext {
        let method = MethodDescriptor(service: "settle.test.v1.Test", method: "SetPolicy", kind: .unary, requiredRole: .supervisor)
        var metadata: [String: String] = [:]
        if let reason { metadata["reason"] = reason }
        return ServerContext(method: method, peer: PeerIdentity(uid: 1001, gid: 100, pid: 42, role: .supervisor), deadline: nil, metadata: metadata)
    }

    @Test("the request's own field wins over the call's metadata")
    func fieldFirst() throws {
        #expect(try Service.requiredReason("new winter rules", context: Self.context(reason: "from metadata"), else: "a policy change needs a reason") == "new winter rules")
    }

    @Test("an empty field takes the call's reason metadata")
    func metadataSecond() throws {
        #expect(try Service.requiredReason("", context: Self.context(reason: "board order 12"), else: "a policy change needs a reason") == "board order 12")
    }

    @Test("no reason anywhere is INVALID_ARGUMENT naming the field and the change")
    func refused() {
        for metadata in [nil, ""] as [String?] {
            do {
                _ = try Service.requiredReason("", context: Self.context(reason: metadata), else: "a policy change needs a reason")
                Issue.record("accepted a change without a reason")
            } catch {
                #expect(error.code == .invalidArgument)
                #expect(error.message == "reason: a policy change needs a reason")
            }
        }
    }
}
