import SettleContracts
import SettleModuleSDK
import SettleRPC

/// What must be true before a held bill goes out.
extension RatingService {
    /// Why a held bill cannot be released as it stands, or nil.
    ///
    /// A bill held on a VEE exception is checked with Metering first: when its period's
    /// determinants now carry a problem — above all a register fall VEE refused as a rollover,
    /// which leaves the period with no billable consumption — releasing would bill a quantity
    /// VEE itself refused. The person resolves the exception in Metering, then rebills.
    func releaseBlocker(_ billID: String) async throws -> String? {
        let bill = try await store.read { db in try BillStore.bill(billID, in: db) }
        guard bill.status == "held", bill.holdReasons.contains(where: { $0.hasPrefix("VEE: ") }) else { return nil }
        var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
        request.items = [.init(periodOf: bill)]
        for try await batch in try await metering.getBillingDeterminants(request) {
            if let found = batch.determinants.first, !found.problem.isEmpty {
                return "\(found.problem); resolve it in Metering (settle vee resolve …), then cancel and rebill (settle bill cancel \(bill.id) --rebill)"
            }
        }
        return nil
    }
}
