import Foundation
import GRDB
import SettleModuleSDK
import SettleContracts

/// The register of one cycle and period: counts that reconcile (billed + held + skipped +
/// cancelled originals = agreements in the cycle) and dollars by rate class and component.
enum BillRegisterBuilder {
    static func build(cycle: UInt32, period: String, in db: Database) throws -> Settle_Rating_V1_BillRegister {
        var register = Settle_Rating_V1_BillRegister()
        register.cycle = cycle
        register.period = period
        register.agreements = UInt32(try Int.fetchOneCached(db, sql: "SELECT agreements FROM bill_run WHERE cycle = ? AND period = ?", arguments: [cycle, period]) ?? 0)
        let bills = try issuedLight(cycle: cycle, period: period, in: db)
        var byClass: [String: (cents: Int64, wh: Int64, bills: UInt32, components: [String: Int64])] = [:]
        var lineCounts: [String: UInt32] = [:]
        for bill in bills {
            switch bill.status {
            case "issued":
                // A rebill counts as the agreement's bill; its cancelled original does not.
                if bill.replaces.isEmpty { register.billed += 1 }
                register.issuedCents += bill.rated.totalCents
                if bill.posted { register.postedCents += bill.rated.totalCents }
                register.deliveredWh += bill.input.deliveredWh
                var entry = byClass[bill.rateClass] ?? (0, 0, 0, [:])
                entry.cents += bill.rated.totalCents
                entry.wh += bill.input.deliveredWh
                entry.bills += 1
                for line in bill.rated.lines {
                    entry.components[line.component, default: 0] += line.amountCents
                    lineCounts[bill.rateClass + "\u{1F}" + line.component, default: 0] += 1
                }
                byClass[bill.rateClass] = entry
            case "held":
                register.held += 1
                register.heldCents += bill.rated.totalCents
            default:
                if bill.replacedBy.isEmpty, bill.replaces.isEmpty { register.cancelled += 1 }
                else if !bill.replacedBy.isEmpty, bill.replaces.isEmpty { register.billed += 1 }
            }
        }
        for (rateClass, entry) in byClass.sorted(by: { $0.key < $1.key }) {
            var total = Settle_Rating_V1_RegisterLine()
            total.rateClass = rateClass
            total.amountCents = entry.cents
            total.deliveredWh = entry.wh
            total.bills = entry.bills
            register.lines.append(total)
            for (component, cents) in entry.components.sorted(by: { $0.key < $1.key }) {
                var line = Settle_Rating_V1_RegisterLine()
                line.rateClass = rateClass
                line.component = component
                line.amountCents = cents
                line.lines = lineCounts[rateClass + "\u{1F}" + component] ?? 0
                register.lines.append(line)
            }
        }
        let skips = try Row.fetchAllCached(db, sql: "SELECT agreement_id, account_number, reason FROM bill_skip WHERE cycle = ? AND period = ? ORDER BY agreement_id", arguments: [cycle, period])
        register.skips = skips.map { row in
            var skip = Settle_Rating_V1_SkippedAgreement()
            skip.agreementID = UInt64(row["agreement_id"] as Int64? ?? 0)
            skip.accountNumber = row["account_number"] ?? ""
            skip.reason = row["reason"] ?? ""
            return skip
        }
        register.skipped = UInt32(register.skips.count)
        return register
    }

    /// The cycle's bills for the register: an issued bill from its columns and only its
    /// `rated` field (no input or reads decoded; `input.delivered_wh` from its column), the
    /// others (held, cancelled: few) decoded whole for their links.
    private static func issuedLight(cycle: UInt32, period: String, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        try Row.fetchAllCached(db, sql: """
            SELECT status, rate_class, replaces, delivered_wh, body, \(BillStore.postedColumn) FROM bill WHERE cycle = ? AND period = ? ORDER BY id
            """, arguments: [cycle, period]).map { row in
            let body: Data = row["body"] ?? Data()
            let posted = (row["posted"] as Int64? ?? 0) != 0
            if row["status"] as String == "issued", let rated = RatedBillScan.rated(body) {
                var bill = Settle_Rating_V1_Bill()
                bill.status = "issued"
                bill.rateClass = row["rate_class"]
                bill.replaces = row["replaces"]
                bill.input.deliveredWh = row["delivered_wh"]
                bill.rated = rated
                bill.posted = posted
                return bill
            }
            var bill = try Settle_Rating_V1_Bill(serializedBytes: body)
            bill.posted = posted
            return bill
        }
    }
}
