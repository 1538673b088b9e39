import SettleContracts
import SettleDomain
import SettleRPC

/// Reading a whole month's bills from Rating the way every report does: one `ListBills`
/// per cycle, so a report holds at most one cycle's bills at a time.
extension ReportingService {
    /// Calls `body` with each cycle's bills of `period` (every status unless `status` names one).
    func forEachCycleBills(_ period: YearMonth, status: String = "", _ body: ([Settle_Rating_V1_Bill]) throws -> Void) async throws {
        for cycle in UInt32(1)...20 {
            var request = Settle_Rating_V1_ListBillsRequest()
            request.cycle = cycle
            request.period = period.description
            request.status = status
            let bills = try await rating.listBills(request).bills
            if !bills.isEmpty { try body(bills) }
        }
    }
}
