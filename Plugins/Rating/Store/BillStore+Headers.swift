import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// A cycle's bills of a period read from their columns (`ListBills` with `header_only`).
extension BillStore {
    /// The period's bills, by id, of one status unless `status` is empty. An issued bill is
    /// built from its columns without decoding its body (a month's register reads every bill
    /// of a cycle); with `withInput` its input is scanned out of the body. Others are decoded whole.
    static func headers(cycle: UInt32, period: String, status: String, withInput: Bool, in db: Database) throws -> [Settle_Rating_V1_Bill] {
        var sql = """
            SELECT id, run_id, cycle, period, agreement_id, account_number, rate_class, service_type, tariff_code, status, total_cents, tax_cents, replaces,
            \(withInput ? "body" : "CASE WHEN status = 'issued' THEN NULL ELSE body END AS body"),
            \(postedColumn) FROM bill WHERE cycle = ? AND period = ?
            """
        var arguments: StatementArguments = [cycle, period]
        if !status.isEmpty {
            sql += " AND status = ?"
            arguments += [status]
        }
        var bills: [Settle_Rating_V1_Bill] = []
        // By position, in the SELECT's order: a month's register reads every bill of a cycle.
        for row in try Row.fetchAllCached(db, sql: sql + " ORDER BY id", arguments: arguments) {
            var bill: Settle_Rating_V1_Bill
            // An issued bill's body is read only for its input (with_input); others whole.
            let scanInput = withInput && (row[9] as String) == "issued"
            if !scanInput, let body: Data = row[13] {
                bill = try Settle_Rating_V1_Bill(serializedBytes: body)
            } else {
                bill = Settle_Rating_V1_Bill()
                bill.id = row[0]
                bill.runID = row[1]
                bill.cycle = UInt32(row[2] as Int64)
                bill.period = row[3]
                bill.agreementID = UInt64(row[4] as Int64)
                bill.accountNumber = row[5]
                bill.rateClass = row[6]
                bill.serviceType = row[7]
                bill.tariffCode = row[8]
                bill.status = row[9]
                bill.rated.tariffCode = bill.tariffCode
                bill.rated.totalCents = row[10]
                bill.rated.taxCents = row[11]
                bill.replaces = row[12]
                if scanInput, let body: Data = row[13] {
                    guard let input = RatedBillScan.input(body) else {
                        throw RatingError.dataLoss("bill \(bill.id): its stored body does not decode")
                    }
                    bill.input = input
                }
            }
            bill.posted = (row[14] as Int64? ?? 0) != 0
            bills.append(bill)
        }
        return bills
    }
}
