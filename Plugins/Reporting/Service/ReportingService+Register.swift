import SettleContracts
import SettleRPC

/// The billing register with reconciliation: Accounts' directory of the cycle, Rating's
/// bills and skips, Collections' charges for those bills — streamed in pages of rows.
extension ReportingService {
    /// Rows per page when the request names none, and the most it may name.
    static let defaultPageSize = 1_000
    static let maximumPageSize = 10_000

    func getBillingRegister(
        _ request: Settle_Reporting_V1_GetBillingRegisterRequest,
        responses: RPCWriter<Settle_Reporting_V1_BillingRegisterPage>, context: ServerContext
    ) async throws {
        guard request.cycle <= 20 else { throw ReportingError.invalid("cycle", "\(request.cycle) is not a bill cycle 1–20 (or 0 for every cycle)") }
        let period = try ReportingError.period(request.period)
        guard request.pageSize <= Self.maximumPageSize else {
            throw ReportingError.invalid("page_size", "\(request.pageSize) rows; at most \(Self.maximumPageSize) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultPageSize : Int(request.pageSize)
        var tally = RegisterTally(cycle: request.cycle, period: period.description)
        var page = Settle_Reporting_V1_BillingRegisterPage()
        func emit(_ row: Settle_Reporting_V1_RegisterRow) async throws {
            tally.count(row)
            page.rows.append(row)
            if page.rows.count >= pageSize {
                try await responses.write(page)
                page = Settle_Reporting_V1_BillingRegisterPage()
            }
        }
        // A whole month reads the next cycle's bills and charges while this cycle's rows go
        // out, so at most two cycles' facts are held at once.
        let cycles = request.cycle == 0 ? Array(UInt32(1)...20) : [request.cycle]
        var upcoming: Task<CycleIndex, any Error>? = Task { try await cycleIndex(cycles[0], period: period) }
        defer { upcoming?.cancel() }
        for (position, cycle) in cycles.enumerated() {
            let index = try await upcoming!.value
            upcoming = position + 1 < cycles.count ? Task { [cycles] in try await cycleIndex(cycles[position + 1], period: period) } : nil
            try await forEachRegisterRow(index, period: period) { row, listed in
                if !listed {
                    tally.note("agreement \(row.agreementID) (account \(row.accountNumber)) is \(row.status) in cycle \(cycle) for \(period) but Accounts does not list it in service in the period")
                }
                try await emit(row)
            }
            tally.add(index)
        }
        page.summary = tally.finished()
        page.last = true
        try await responses.write(page)
    }

    /// Every agreement of the cycle's directory in the period as a register row (`listed`
    /// true), then those Rating billed or skipped that Accounts does not list (`listed` false).
    func forEachRegisterRow(
        _ index: CycleIndex, period: ReportPeriod, _ body: (Settle_Reporting_V1_RegisterRow, _ listed: Bool) async throws -> Void
    ) async throws {
        var seen: Set<UInt64> = []
        var directory = Settle_Accounts_V1_ListServiceAgreementsRequest()
        directory.billCycle = index.cycle
        directory.inServiceFrom = period.firstDay
        directory.inServiceTo = period.lastDay
        directory.pageSize = UInt32(Self.maximumPageSize)
        let accounts = self.accounts
        // The next page of the directory is read while this page's rows go out.
        var pending: Task<Settle_Accounts_V1_ListServiceAgreementsResponse, any Error>? = Task { [directory] in
            try await accounts.listServiceAgreements(directory)
        }
        defer { pending?.cancel() }
        while let page = pending {
            let listed = try await page.value
            if listed.nextPageToken.isEmpty {
                pending = nil
            } else {
                directory.pageToken = listed.nextPageToken
                pending = Task { [directory] in try await accounts.listServiceAgreements(directory) }
            }
            for agreement in listed.agreements where seen.insert(agreement.id).inserted {
                try await body(index.row(agreementID: agreement.id, account: agreement.accountNumber,
                                         serviceType: agreement.serviceType, rateClass: agreement.rateClass), true)
            }
        }
        let unlisted = index.agreementOrder.filter { !seen.contains($0) }
        let ended = try await endedBeforePeriod(unlisted, index: index, period: period)
        for agreement in unlisted {
            if let ended = ended[agreement] {
                // A final bill is filed under the period after the agreement's last bill, so
                // it can fall in a period the service no longer reaches: expected, not a gap.
                var row = index.row(agreementID: agreement, account: ended.accountNumber, serviceType: ended.serviceType, rateClass: ended.rateClass)
                if row.status == "billed", row.reason.isEmpty { row.reason = "final bill: service ended \(ended.endDate)" }
                try await body(row, true)
            } else {
                try await body(index.row(agreementID: agreement, account: "", serviceType: "", rateClass: ""), false)
            }
        }
    }

    /// Of the agreements Rating billed or skipped that the directory does not list in the
    /// period, those Accounts knows as ended before the period began (a move-out's final bill).
    private func endedBeforePeriod(
        _ agreements: [UInt64], index: CycleIndex, period: ReportPeriod
    ) async throws -> [UInt64: Settle_Accounts_V1_ServiceAgreement] {
        let wanted = Set(agreements)
        let accountNumbers = Array(Set(agreements.compactMap { index.accountNumber(of: $0) })).sorted()
        var found: [UInt64: Settle_Accounts_V1_ServiceAgreement] = [:]
        for start in stride(from: 0, to: accountNumbers.count, by: 5_000) {
            var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
            request.accountNumbers = Array(accountNumbers[start..<min(start + 5_000, accountNumbers.count)])
            request.pageSize = UInt32(Self.maximumPageSize)
            while true {
                let listed = try await accounts.listServiceAgreements(request)
                for agreement in listed.agreements where wanted.contains(agreement.id)
                    && !agreement.endDate.isEmpty && agreement.endDate < period.firstDay {
                    found[agreement.id] = agreement
                }
                guard !listed.nextPageToken.isEmpty else { break }
                request.pageToken = listed.nextPageToken
            }
        }
        return found
    }

    /// One cycle's bills and skips from Rating and their charges from Collections, in
    /// batches of `PostedCharges`' limit; `onBills` sees the cycle's bills before they go.
    /// With `onBills` nil the issued bills come as headers only (`header_only`: no body to
    /// decode and carry; the components come from Rating's register), which is what makes a
    /// whole month's register fast; a caller that looks into the bills passes `onBills`.
    func cycleIndex(
        _ cycle: UInt32, period: ReportPeriod, withInput: Bool = false, onBills: (([Settle_Rating_V1_Bill]) -> Void)? = nil
    ) async throws -> CycleIndex {
        let started = ContinuousClock.now
        var registerRequest = Settle_Rating_V1_GetBillRegisterRequest()
        registerRequest.cycle = cycle
        registerRequest.period = period.description
        var billsRequest = Settle_Rating_V1_ListBillsRequest()
        billsRequest.cycle = cycle
        billsRequest.period = period.description
        billsRequest.headerOnly = onBills == nil || withInput
        billsRequest.withInput = withInput
        // Rating's register and its bills are independent reads: both at once.
        let (registerRequestSent, billsRequestSent) = (registerRequest, billsRequest)
        async let registerCall = rating.getBillRegister(registerRequestSent)
        async let billsCall = rating.listBills(billsRequestSent)
        let bills = try await billsCall.bills
        let register = try await registerCall
        let afterBills = ContinuousClock.now
        onBills?(bills)
        var index = CycleIndex(cycle: cycle, register: register, bills: bills)
        let afterIndex = ContinuousClock.now
        let ids = index.billIDs
        let collections = self.collections
        try await withThrowingTaskGroup(of: [Settle_Collections_V1_PostedBillCharge].self) { group in
            var starts = stride(from: 0, to: ids.count, by: Self.billsPerLedgerCall).makeIterator()
            func next() -> Bool {
                guard let start = starts.next() else { return false }
                var charges = Settle_Collections_V1_ListBillChargesRequest()
                charges.billIds = Array(ids[start..<min(start + Self.billsPerLedgerCall, ids.count)])
                group.addTask { try await collections.listBillCharges(charges).charges }
                return true
            }
            for _ in 0..<Self.ledgerCallsInFlight where !next() { break }
            // Each batch is recorded as it comes (the sums do not depend on the order).
            while let charges = try await group.next() {
                index.record(charges)
                _ = next()
            }
        }
        logger.info("register cycle \(cycle) \(period): Rating's register and \(bills.count) bills \(afterBills - started), index \(afterIndex - afterBills), ledger \(ContinuousClock.now - afterIndex)")
        return index
    }

    /// Collections' limit on bill ids a `ListBillCharges` call.
    static let billsPerLedgerCall = 5_000
    /// Ledger batches read at once: Collections answers them from its pool of readers, so
    /// one batch's decoding here overlaps the next one's query there.
    static let ledgerCallsInFlight = 3
}
