import Foundation
import Logging
import SettleContracts
import SettleModuleSDK
import SettleRPC

extension DataSafety {
    /// Writes every module's audit head to the anchor file (`why`: periodic, stop); periodic
    /// anchors only for heads that moved since the last one.
    func anchorHeads(why: String) async {
        guard let anchors else { return }
        for (module, store) in stores {
            do {
                let head = try await store.auditHead()
                try anchors.append(module: module.descriptor.name, sequence: head.sequence, hash: head.hash, why: why, onlyIfMoved: why == "periodic")
            } catch {
                logger.error("could not anchor the audit chain", metadata: ["module": "\(module.descriptor.name)", "why": "\(why)", "error": "\(error)"])
            }
        }
    }

    /// At start-up: a store whose chain ends exactly at a backup's anchor, though later heads
    /// were anchored, was restored from that backup. A `restore` anchor records that (and
    /// is logged as a warning), so verification goes on from there; any other chain shorter
    /// than its anchors stays reported as truncated.
    func recordRestores() async {
        guard let anchors else { return }
        for (module, store) in stores {
            let name = module.descriptor.name
            let (known, _) = anchors.anchors(of: name)
            guard let newest = known.last, let head = try? await store.auditHead(), head.sequence < newest.sequence else { continue }
            guard let backup = known.last(where: { $0.why == "backup" && $0.sequence == head.sequence && $0.hash == head.hash }) else { continue }
            do {
                try anchors.append(module: name, sequence: head.sequence, hash: head.hash, why: "restore")
                logger.warning("store restored from a backup: audit chain anchors after it are superseded", metadata: [
                    "module": "\(name)", "backup_anchor": "\(backup.at)", "records": "\(head.sequence)", "superseded_through": "\(newest.sequence)",
                ])
            } catch {
                logger.error("could not record the restore in the anchor file", metadata: ["module": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// `settle audit verify`: the chain's own links, then every anchor of it since its last restore.
    func verifyAudit(module name: String) async throws -> Settle_Host_V1_VerifyAuditResponse {
        guard let module = modules.first(where: { $0.descriptor.name == name }) else {
            let known = modules.map(\.descriptor.name).joined(separator: ", ")
            throw RPCError(.notFound, "no module named \"\(name)\" is loaded (loaded: \(known))")
        }
        guard let store = module.store else {
            throw RPCError(.failedPrecondition, "module \(name) keeps no store, so it has no audit log")
        }
        let verification = try await store.verifyAuditChain()
        var response = Settle_Host_V1_VerifyAuditResponse()
        response.module = name
        response.intact = verification.intact
        response.recordsChecked = verification.recordsChecked
        response.firstBrokenSequence = verification.firstBrokenSequence ?? 0
        response.problem = verification.problem
        guard let anchors else { return response }
        response.anchorsKeyed = anchors.key != nil
        let (known, problems) = anchors.anchors(of: name)
        response.anchorsChecked = UInt64(known.count)
        if let newest = known.last {
            response.anchoredSequence = newest.sequence
            response.anchoredAt = "\(newest.at) (\(newest.why))"
        }
        guard verification.intact else { return response }
        if let problem = problems.first {
            response.intact = false
            response.problem = problem
            return response
        }
        let heads = known.map { AuditHead(sequence: $0.sequence, hash: $0.hash, label: "anchor of \($0.at) (\($0.why), line \($0.line))") }
        if let (sequence, problem) = try await store.checkAuditChain(against: heads) {
            response.intact = false
            response.firstBrokenSequence = sequence
            response.problem = problem
        }
        return response
    }
}
