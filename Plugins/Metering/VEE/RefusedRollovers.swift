import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Register falls VEE refused as rollovers, and what they withhold from billing.
///
/// A `negative_consumption` exception still open (or waiting for a re-read) means the
/// wrapped value is not a use anyone has vouched for: the period's determinants carry no
/// energy or volume and a `problem`, so Rating rates nothing (and cannot release or rebill a
/// bill on it) until a person edits, estimates or accepts the read.
enum RefusedRollovers {
    /// Refusals of a cycle's period by agreement: the exception's id and what it measured.
    static func ofCycle(cycle: Int, period: YearMonth, in db: Database) throws -> [UInt64: String] {
        var result: [UInt64: String] = [:]
        for row in try VEEExceptionStore.refusedRollovers(cycle: cycle, period: period, in: db) {
            result[UInt64(bitPattern: row["agreement_id"])] = describe(row)
        }
        return result
    }

    /// The refusal of a read of an agreement's meters in `(from, to]`, if any.
    static func ofAgreement(_ agreementID: UInt64, from: Int64, to: Int64, in db: Database) throws -> String? {
        guard agreementID != 0 else { return nil }
        return try VEEExceptionStore.refusedRollover(agreementID: agreementID, from: from, to: to, in: db).map(describe)
    }

    /// Removes the billable quantities and says why, holding the agreement.
    static func withhold(_ determinants: inout Settle_Metering_V1_BillingDeterminants, refusal: String) {
        determinants.deliveredWh = 0
        determinants.receivedWh = 0
        determinants.gallonsThousandths = 0
        determinants.touWh = []
        determinants.touReceivedWh = []
        let why = "\(refusal): VEE refused the fall as a rollover, so the period has no billable consumption until a person edits, estimates or accepts the read"
        determinants.problem = determinants.problem.isEmpty ? why : "\(why); \(determinants.problem)"
        determinants.held = true
    }

    private static func describe(_ row: Row) -> String {
        "\(VEEExceptionStore.identifier(row["id"])) negative_consumption (\(row["measured"] as String))"
    }
}
