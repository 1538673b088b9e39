import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// A cycle's bills of a period read into `BillColumns` pages from the bill table's columns:
/// an issued bill's body is never read (unless it was stored before the use columns and the
/// use is asked for); a held or cancelled bill's body is decoded for its reasons (few).
enum BillColumnsRead {
    /// Reads the bills and hands each page to `emit` as soon as it is full (the last, possibly
    /// empty, page too), so a caller can send a page while the next is read.
    static func pages(
        cycle: UInt32, period: String, status: String, pageSize: Int, withUse: Bool, in db: Database,
        emit: (Settle_Rating_V1_BillColumns) -> Void
    ) throws {
        var sql = """
            SELECT id, agreement_id, account_number, service_type, rate_class, tariff_code, status, total_cents, tax_cents, replaces,
                   use_thousandths, max_demand_w,
                   CASE WHEN status != 'issued' OR (? AND use_thousandths IS NULL) THEN body END AS body,
                   \(BillStore.postedColumn) FROM bill WHERE cycle = ? AND period = ?
            """
        var arguments: StatementArguments = [withUse, cycle, period]
        if !status.isEmpty {
            sql += " AND status = ?"
            arguments += [status]
        }
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql + " ORDER BY rowid"), arguments: arguments)
        var page = Settle_Rating_V1_BillColumns()
        var emitted = 0
        // By position, in the SELECT's order.
        while let row = try cursor.next() {
            let id: String = row[0]
            let state: String = row[6]
            var reason = ""
            var use: Int64? = row[10], demand: Int64? = row[11]
            if let body: Data = row[12] {
                if state == "issued" {
                    guard let input = RatedBillScan.input(body) else { throw RatingError.dataLoss("bill \(id): its stored body does not decode") }
                    var bill = Settle_Rating_V1_Bill()
                    bill.serviceType = row[3]
                    bill.input = input
                    use = BillUse.thousandths(bill)
                    demand = input.maxDemandW
                } else {
                    let bill = try Settle_Rating_V1_Bill(serializedBytes: body)
                    reason = state == "held" ? bill.holdReasons.joined(separator: "; ") : bill.cancelReason
                    use = use ?? BillUse.thousandths(bill)
                    demand = demand ?? bill.input.maxDemandW
                }
            }
            page.id.append(id)
            page.agreementID.append(UInt64(bitPattern: row[1] as Int64))
            page.accountNumber.append(row[2])
            page.serviceType.append(row[3])
            page.rateClass.append(row[4])
            page.tariffCode.append(row[5])
            page.status.append(state)
            page.totalCents.append(row[7])
            page.taxCents.append(row[8])
            page.replaces.append(row[9])
            page.posted.append((row[13] as Int64? ?? 0) != 0)
            page.reason.append(reason)
            if withUse {
                page.useThousandths.append(use ?? 0)
                page.maxDemandW.append(demand ?? 0)
            }
            if page.id.count >= pageSize {
                emit(page)
                emitted += 1
                page = Settle_Rating_V1_BillColumns()
            }
        }
        if !page.id.isEmpty || emitted == 0 { emit(page) }
    }
}
