import SettleContracts

/// Accounts' agreements of one cycle in service in a period, read a page (10,000) ahead of
/// its reader: the first page is asked for when the reader is made, so it comes while
/// Rating's bills and Collections' charges are read, and the rest stream as rows go out —
/// the register never holds the whole directory.
struct CycleDirectory: Sendable {
    private var request: Settle_Accounts_V1_ListServiceAgreementsRequest
    private let accounts: AccountsV1.Client
    private var pending: Task<Settle_Accounts_V1_ListServiceAgreementsResponse, any Error>?

    init(cycle: UInt32, period: ReportPeriod, pageSize: Int, accounts: AccountsV1.Client) {
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.billCycle = cycle
        request.inServiceFrom = period.firstDay
        request.inServiceTo = period.lastDay
        request.pageSize = UInt32(pageSize)
        self.request = request
        self.accounts = accounts
        pending = Task { [request] in try await accounts.listServiceAgreements(request) }
    }

    /// The next page of agreements, nil after the last; the page after it is asked for at once.
    mutating func next() async throws -> [Settle_Accounts_V1_ServiceAgreement]? {
        guard let page = pending else { return nil }
        let listed = try await page.value
        if listed.nextPageToken.isEmpty {
            pending = nil
        } else {
            request.pageToken = listed.nextPageToken
            let request = self.request, accounts = self.accounts
            pending = Task { try await accounts.listServiceAgreements(request) }
        }
        return listed.agreements
    }

    /// Stops reading (a reader that fails or is cancelled leaves no call behind).
    func cancel() { pending?.cancel() }
}
