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
        register.agreements = try RegisterBills.agreements(cycle: cycle, period: period, in: db)
        var byClass: [String: ClassTotals] = [:]
        try RegisterBills.forEach(cycle: cycle, period: period, in: db) { bill in
            switch bill {
            case .issued(let rateClass, let replaces, let totalCents, let deliveredWh, let posted, let components):
                // A rebill counts as the agreement's bill; its cancelled original does not.
                if replaces.isEmpty { register.billed += 1 }
                register.issuedCents += totalCents
                if posted { register.postedCents += totalCents }
                register.deliveredWh += deliveredWh
                byClass[rateClass, default: ClassTotals()].add(totalCents: totalCents, deliveredWh: deliveredWh, components: components)
            case .other(let bill):
                if bill.status == "held" {
                    register.held += 1
                    register.heldCents += bill.rated.totalCents
                } else if bill.replacedBy.isEmpty, bill.replaces.isEmpty {
                    register.cancelled += 1
                } else if !bill.replacedBy.isEmpty, bill.replaces.isEmpty {
                    register.billed += 1
                }
            }
        }
        for (rateClass, entry) in byClass.sorted(by: { $0.key < $1.key }) {
            var total = Settle_Rating_V1_RegisterLine()
            total.rateClass = rateClass
            total.amountCents = entry.cents
            total.deliveredWh = entry.wh
            total.bills = entry.bills
            register.lines.append(total)
            for (component, sum) in entry.components.sorted(by: { $0.key < $1.key }) {
                var line = Settle_Rating_V1_RegisterLine()
                line.rateClass = rateClass
                line.component = component
                line.amountCents = sum.cents
                line.lines = sum.lines
                register.lines.append(line)
            }
        }
        register.skips = try RegisterBills.skips(cycle: cycle, period: period, in: db)
        register.skipped = UInt32(register.skips.count)
        return register
    }

    /// One rate class's issued bills, summed.
    private struct ClassTotals {
        var cents: Int64 = 0
        var wh: Int64 = 0
        var bills: UInt32 = 0
        var components: [String: (cents: Int64, lines: UInt32)] = [:]

        mutating func add(totalCents: Int64, deliveredWh: Int64, components bill: ComponentTotals) {
            cents += totalCents
            wh += deliveredWh
            bills += 1
            for entry in bill.entries {
                components[entry.component, default: (0, 0)].cents += entry.amountCents
                components[entry.component, default: (0, 0)].lines += entry.lines
            }
        }
    }
}
