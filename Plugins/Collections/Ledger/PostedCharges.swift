import GRDB
import SettleContracts

/// Bills' charges as the ledger holds them, each with its reversal: what a register of
/// issued bills is reconciled against (Reporting's billing register).
enum PostedCharges {
    /// The most bill ids one call may name.
    static let maximumBills = 5_000

    /// Every charge entry of these bills with its reversal, in bill order.
    static func of(_ billIDs: [String], in db: Database) throws -> [Settle_Collections_V1_PostedBillCharge] {
        guard !billIDs.isEmpty else { return [] }
        let rows = try LedgerStore.chargesWithReversals(bills: billIDs, in: db)
        return rows.map { row in
            var charge = Settle_Collections_V1_PostedBillCharge()
            charge.billID = row["bill_id"]
            charge.agreementID = UInt64(row["agreement_id"] as Int64)
            charge.accountNumber = row["account_number"]
            charge.chargedCents = row["amount_cents"]
            charge.taxCents = row["tax_cents"]
            charge.reversedCents = row["reversed_cents"]
            charge.netCents = charge.chargedCents + charge.reversedCents
            charge.netTaxCents = charge.taxCents + (row["reversed_tax_cents"] as Int64)
            return charge
        }
    }
}
