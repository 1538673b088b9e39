import GRDB
import SettleContracts

/// The aging split by service type: each open item takes the service of the bill it is on
/// (a bill is one agreement's, so one service); credit and items on no bill are "unassigned".
/// Run only when asked: it reads every charge's service beside the scan aging makes.
enum AgingByService {
    static let unassigned = "unassigned"

    static func build(asOf day: Int, in db: Database) throws -> [String: Settle_Collections_V1_AgingBuckets] {
        let services = try LedgerStore.chargeServices(through: day, in: db)
        var byService: [String: Settle_Collections_V1_AgingBuckets] = [:]
        try LedgerScan.positions(through: day, withBills: true, in: db) { _, _, position in
            var touched: Set<String> = []
            for item in position.openItems {
                let service = services[item.billID].flatMap { $0.isEmpty ? nil : $0 } ?? unassigned
                AgingReport.add(item.open, daysPastDue: day - item.dueDay, to: &byService[service, default: .init()])
                touched.insert(service)
            }
            if position.credit != 0 {
                byService[unassigned, default: .init()].creditCents += position.credit
                byService[unassigned, default: .init()].totalCents += position.credit
                touched.insert(unassigned)
            }
            if position.deferred != 0 {
                byService[unassigned, default: .init()].deferredCents += position.deferred
                byService[unassigned, default: .init()].totalCents += position.deferred
                touched.insert(unassigned)
            }
            guard position.balance != 0 || !position.openItems.isEmpty else { return }
            for service in touched { byService[service, default: .init()].accounts += 1 }
        }
        return byService
    }
}
