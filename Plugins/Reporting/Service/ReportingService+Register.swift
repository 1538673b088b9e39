import Logging
import SettleContracts
import SettleDomain
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
        // A cycle's bills and charges are read while its directory's first page comes; a whole
        // month reads the next cycle's while this cycle's rows go out, so at most two cycles'
        // facts are held at once.
        let cycles = request.cycle == 0 ? Array(UInt32(1)...20) : [request.cycle]
        func facts(_ cycle: UInt32) -> (index: Task<CycleIndex, any Error>, directory: CycleDirectory) {
            (Task { try await cycleIndex(cycle, period: period) }, cycleDirectory(cycle, period: period))
        }
        var upcoming: (index: Task<CycleIndex, any Error>, directory: CycleDirectory)? = facts(cycles[0])
        defer { upcoming?.index.cancel(); upcoming?.directory.cancel() }
        for (position, cycle) in cycles.enumerated() {
            let index = try await upcoming!.index.value
            let directory = upcoming!.directory
            upcoming = position + 1 < cycles.count ? facts(cycles[position + 1]) : nil
            try await forEachRegisterRow(index, directory: directory, period: period) { row, listed in
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

    /// Accounts' directory of a cycle for the period, read from now on.
    func cycleDirectory(_ cycle: UInt32, period: YearMonth) -> CycleDirectory {
        CycleDirectory(cycle: cycle, period: period, pageSize: Self.maximumPageSize, accounts: accounts)
    }

    /// Every agreement of the cycle's directory in the period as a register row (`listed`
    /// true), then those Rating billed or skipped that Accounts does not list (`listed` false).
    func forEachRegisterRow(
        _ index: CycleIndex, directory: CycleDirectory, period: YearMonth, _ body: (Settle_Reporting_V1_RegisterRow, _ listed: Bool) async throws -> Void
    ) async throws {
        var seen: Set<UInt64> = []
        defer { directory.cancel() }
        try await directory.forEachPage { page in
            for agreement in page where seen.insert(agreement.id).inserted {
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
        _ agreements: [UInt64], index: CycleIndex, period: YearMonth
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
                    && !agreement.endDate.isEmpty && agreement.endDate < period.firstDay.description {
                    found[agreement.id] = agreement
                }
                guard !listed.nextPageToken.isEmpty else { break }
                request.pageToken = listed.nextPageToken
            }
        }
        return found
    }

    /// One cycle's bills and skips from Rating and their charges from Collections. Rating's
    /// bills come as columns in pages (`ListBillColumns`); as each page arrives its bills'
    /// charges are asked of Collections in batches of `PostedCharges`' limit, a few in flight,
    /// while Rating's register (its counts, skips and component totals) is read beside them.
    /// `onBills` sees each page's bills as they come (with `withUse`, their use and demand).
    func cycleIndex(
        _ cycle: UInt32, period: YearMonth, withUse: Bool = false, onBills: (([BillFacts]) -> Void)? = nil
    ) async throws -> CycleIndex {
        let started = ContinuousClock.now
        var registerRequest = Settle_Rating_V1_GetBillRegisterRequest()
        registerRequest.cycle = cycle
        registerRequest.period = period.description
        var columnsRequest = Settle_Rating_V1_ListBillColumnsRequest()
        columnsRequest.cycle = cycle
        columnsRequest.period = period.description
        columnsRequest.withUse = withUse
        let registerRequestSent = registerRequest, columnsRequestSent = columnsRequest
        async let registerCall = rating.getBillRegister(registerRequestSent)
        var index = CycleIndex(cycle: cycle)
        var billsRead = ContinuousClock.now
        let collections = self.collections
        try await withThrowingTaskGroup(of: [Settle_Collections_V1_PostedBillCharge].self) { group in
            var inFlight = 0
            var waiting: [String] = []
            func send(_ ids: ArraySlice<String>) {
                var charges = Settle_Collections_V1_ListBillChargesRequest()
                charges.billIds = Array(ids)
                group.addTask { try await collections.listBillCharges(charges).charges }
                inFlight += 1
            }
            // Each batch is recorded as it comes (the sums do not depend on the order).
            func sendFull() async throws {
                while waiting.count >= Self.billsPerLedgerCall {
                    while inFlight >= Self.ledgerCallsInFlight, let charges = try await group.next() {
                        inFlight -= 1
                        index.record(charges)
                    }
                    send(waiting[..<Self.billsPerLedgerCall])
                    waiting.removeFirst(Self.billsPerLedgerCall)
                }
            }
            for try await page in try await rating.listBillColumns(columnsRequestSent) {
                let facts = try index.add(page)
                onBills?(facts)
                waiting += page.id
                try await sendFull()
            }
            billsRead = ContinuousClock.now
            if !waiting.isEmpty { send(waiting[...]) }
            while let charges = try await group.next() { index.record(charges) }
        }
        index.setRegister(try await registerCall)
        logger.info("register cycle \(cycle) \(period): \(index.billIDs.count) bills from Rating \(billsRead - started), with the ledger and the register \(ContinuousClock.now - started)")
        return index
    }

    /// Collections' limit on bill ids a `ListBillCharges` call.
    static let billsPerLedgerCall = 5_000
    /// Ledger batches read at once: Collections answers them from its pool of readers, so
    /// one batch's decoding here overlaps the next one's query there.
    static let ledgerCallsInFlight = 3
}
