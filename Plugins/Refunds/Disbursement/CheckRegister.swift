import Foundation
import SettleContracts
import SettleDomain

/// The check register of a batch as CSV: one line per check, then a total line. Written from
/// the stored batch, so it is the same every time.
enum CheckRegister {
    static let header = "check_number,check_date,refund_id,account_number,payee,amount"

    static func render(_ batch: Settle_Refunds_V1_DisbursementBatch) -> String {
        var lines = [header]
        var total: Int64 = 0
        for item in batch.items where item.method == "check" && item.netCents > 0 {
            total += item.netCents
            lines.append(CSVText.line([item.paymentNumber, batch.batchDate, item.refundID, item.accountNumber, item.payeeName, Dollars.plain(item.netCents)]))
        }
        lines.append(CSVText.line(["total", batch.batchDate, "", "", "\(batch.checks) checks", Dollars.plain(total)]))
        return lines.map { $0 + "\n" }.joined()
    }
}
