import SettleContracts
import SettleModuleSDK
import SettleRPC

/// Asks Metering for the start or final reads a move needs, after the move has committed.
///
/// Each request's idempotency key is derived from the move's own key, the read kind, the
/// premise and the service, so repeating a move (same key) re-sends exactly the same
/// requests and Metering records each read once. A failed request does not undo the
/// move: its outcome says what went wrong, and repeating the move re-sends it.
struct ReadRequester: Sendable {
    let metering: MeteringV1.Client

    /// Requests one read per agreement, in order, and reports each outcome.
    func request(_ kind: MoveReadKind, for agreements: [AgreementMessage], date: String, moveKey: String, reason: String) async -> [ReadOutcomeMessage] {
        var outcomes: [ReadOutcomeMessage] = []
        for agreement in agreements {
            var outcome = ReadOutcomeMessage()
            outcome.premiseID = agreement.premiseID
            outcome.serviceType = agreement.serviceType
            outcome.date = date
            outcome.kind = kind.rawValue
            outcome.requestKey = Self.derivedKey(moveKey: moveKey, kind: kind, premise: agreement.premiseID, service: agreement.serviceType)
            var request = Settle_Metering_V1_RequestServiceReadRequest()
            request.idempotencyKey = outcome.requestKey
            request.premiseID = agreement.premiseID
            request.serviceType = agreement.serviceType
            request.date = date
            request.kind = kind.rawValue
            request.reason = reason
            do {
                let response = try await metering.requestServiceRead(request)
                outcome.requested = true
                outcome.readRequestIds = response.readRequestIds
                outcome.meterSerials = response.meterSerials
                outcome.note = response.note
            } catch {
                let failure = RPCError.from(error)
                outcome.requested = false
                outcome.note = "\(kind.rawValue) read not requested (\(failure.code.name): \(failure.message)); the move is saved: repeat it with the same idempotency key to re-send"
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// `<move key>/<kind>-read/<premise>/<service>`, or a hash of it when that would exceed
    /// the longest key a store accepts.
    static func derivedKey(moveKey: String, kind: MoveReadKind, premise: String, service: String) -> String {
        let key = "\(moveKey)/\(kind.rawValue)-read/\(premise)/\(service)"
        guard key.utf8.count > ModuleStore.maximumIdempotencyKeyLength else { return key }
        let digest = ModuleStore.requestFingerprint(Array(key.utf8))
        return "accounts-read/" + digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
