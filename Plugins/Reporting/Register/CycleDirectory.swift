import SettleContracts
import SettleDomain

/// Accounts' agreements of one cycle in service in a period, read ahead of the register:
/// reading starts when the directory is made, so its pages (10,000 each, one after the other
/// as Accounts' page tokens chain them) come while Rating's bills and Collections' charges
/// are read, and the rows go out from pages already here. What is kept ahead is only what a
/// row needs of an agreement (four fields), never the rows themselves.
struct CycleDirectory: Sendable {
    /// What a register row takes from Accounts' agreement.
    struct Agreement: Sendable {
        let id: UInt64
        let accountNumber: String
        let serviceType: String
        let rateClass: String
    }

    private let pages: AsyncThrowingStream<[Agreement], any Error>
    private let reading: Task<Void, Never>

    init(cycle: UInt32, period: YearMonth, pageSize: Int, accounts: AccountsV1.Client) {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.billCycle = cycle
        request.inServiceFrom = period.firstDay.description
        request.inServiceTo = period.lastDay.description
        request.pageSize = UInt32(pageSize)
        let (pages, continuation) = AsyncThrowingStream<[Agreement], any Error>.makeStream()
        self.pages = pages
        reading = Task { [request] in
            var request = request
            do {
                while true {
                    try Task.checkCancellation()
                    let listed = try await accounts.listServiceAgreements(request)
                    continuation.yield(listed.agreements.map {
                        Agreement(id: $0.id, accountNumber: $0.accountNumber, serviceType: $0.serviceType, rateClass: $0.rateClass)
                    })
                    guard !listed.nextPageToken.isEmpty else { break }
                    request.pageToken = listed.nextPageToken
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Every page in Accounts' order; a directory is read once.
    func forEachPage(_ body: ([Agreement]) async throws -> Void) async throws {
        for try await page in pages { try await body(page) }
    }

    /// Stops reading (a reader that fails or is cancelled leaves no call behind).
    func cancel() { reading.cancel() }
}
