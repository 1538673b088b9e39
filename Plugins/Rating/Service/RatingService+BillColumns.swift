import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

extension RatingService {
    /// Bills a `BillColumns` page when the request names none, and the most it may name.
    static let defaultColumnsPage = 20_000
    static let maximumColumnsPage = 50_000

    func listBillColumns(
        _ request: Settle_Rating_V1_ListBillColumnsRequest, responses: RPCWriter<Settle_Rating_V1_BillColumns>, context: ServerContext
    ) async throws {
        _ = try RatingError.period(request.period)
        guard ["", "issued", "held", "cancelled"].contains(request.status) else {
            throw RatingError.invalid("status", "'\(request.status)' is not a bill status (issued, held or cancelled)")
        }
        guard request.pageSize <= Self.maximumColumnsPage else {
            throw RatingError.invalid("page_size", "\(request.pageSize) bills; at most \(Self.maximumColumnsPage) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultColumnsPage : Int(request.pageSize)
        // One read transaction for the whole cycle, so the pages are one consistent view; each
        // page goes out as soon as it is read, while the reader goes on with the next.
        let (pages, continuation) = AsyncThrowingStream<Settle_Rating_V1_BillColumns, any Error>.makeStream()
        let store = self.store
        let reading = Task {
            do {
                try await store.read { db in
                    try BillColumnsRead.pages(cycle: request.cycle, period: request.period, status: request.status,
                                              pageSize: pageSize, withUse: request.withUse, in: db) { continuation.yield($0) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        defer { reading.cancel() }
        for try await page in pages { try await responses.write(page) }
    }
}
