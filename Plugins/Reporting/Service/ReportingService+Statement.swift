import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The customer's statement: one per account and period, covering every service's bill.
extension ReportingService {
    static let defaultStatementPage = 100
    static let maximumStatementPage = 1_000

    func getStatement(_ request: Settle_Reporting_V1_GetStatementRequest, context: ServerContext) async throws -> Settle_Reporting_V1_Statement {
        guard !request.accountNumber.isEmpty else { throw ReportingError.invalid("account_number", "an account number is required") }
        let period = try ReportingError.period(request.period)
        return try await statement(request.accountNumber, period: period, html: request.html)
    }

    func listStatements(
        _ request: Settle_Reporting_V1_ListStatementsRequest, responses: RPCWriter<Settle_Reporting_V1_StatementPage>, context: ServerContext
    ) async throws {
        guard (1...20).contains(request.cycle) else { throw ReportingError.invalid("cycle", "\(request.cycle) is not a bill cycle 1–20") }
        let period = try ReportingError.period(request.period)
        guard request.pageSize <= Self.maximumStatementPage else {
            throw ReportingError.invalid("page_size", "\(request.pageSize) statements; at most \(Self.maximumStatementPage) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultStatementPage : Int(request.pageSize)
        var bills = Settle_Rating_V1_ListBillsRequest()
        bills.cycle = request.cycle
        bills.period = period.description
        // Only which accounts were billed: the headers do.
        bills.headerOnly = true
        var accounts: [String] = []
        var seen: Set<String> = []
        for bill in try await rating.listBills(bills).bills where bill.status != "cancelled" && seen.insert(bill.accountNumber).inserted {
            accounts.append(bill.accountNumber)
        }
        for start in stride(from: 0, to: accounts.count, by: pageSize) {
            var page = Settle_Reporting_V1_StatementPage()
            page.statements = try await statements(Array(accounts[start..<min(start + pageSize, accounts.count)]), period: period, html: request.html)
            try await responses.write(page)
        }
    }

    /// A page of statements, each the same as `statement(_:period:html:)` gives, read in
    /// batches: the page's accounts and agreements from Accounts (one call each), 13 months
    /// of their bills from Rating (one call per 1,000 agreements), then their ledgers (each to
    /// its bill date) and enrolments, one call each per 1,000 accounts.
    private func statements(_ numbers: [String], period: YearMonth, html: Bool) async throws -> [Settle_Reporting_V1_Statement] {
        var accountRequest = Settle_Accounts_V1_ListAccountsRequest()
        accountRequest.accountNumbers = numbers
        accountRequest.pageSize = UInt32(numbers.count)
        let accountsByNumber = Dictionary(try await accounts.listAccounts(accountRequest).accounts.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        var agreementsByAccount: [String: [UInt64]] = [:]
        var directory = Settle_Accounts_V1_ListServiceAgreementsRequest()
        directory.accountNumbers = numbers
        directory.pageSize = UInt32(Self.maximumPageSize)
        while true {
            let listed = try await accounts.listServiceAgreements(directory)
            for agreement in listed.agreements { agreementsByAccount[agreement.accountNumber, default: []].append(agreement.id) }
            guard !listed.nextPageToken.isEmpty else { break }
            directory.pageToken = listed.nextPageToken
        }
        let agreements = numbers.flatMap { agreementsByAccount[$0] ?? [] }
        var billsByAccount: [String: [Settle_Rating_V1_Bill]] = [:]
        for start in stride(from: 0, to: agreements.count, by: 1_000) {
            var billsRequest = Settle_Rating_V1_ListBillsRequest()
            billsRequest.agreementIds = Array(agreements[start..<min(start + 1_000, agreements.count)])
            billsRequest.fromPeriod = period.adding(months: -13).description
            // The history only feeds the usage chart and the previous statement's date.
            billsRequest.linesFromPeriod = period.description
            for bill in try await rating.listBills(billsRequest).bills where bill.period <= period.description {
                billsByAccount[bill.accountNumber, default: []].append(bill)
            }
        }
        // Bills came oldest period first per call; across calls keep that order per account.
        for (account, bills) in billsByAccount { billsByAccount[account] = bills.sorted { ($0.period, $0.id) < ($1.period, $1.id) } }
        // Each account's ledger to its own statement date and its enrolments, a batch a call.
        var dated: [(number: String, date: String)] = []
        for number in numbers {
            let current = StatementBuilder.current(billsByAccount[number] ?? [], period: period)
            guard let date = current.map(\.billDate).max() else {
                throw ReportingError.notFound("account \(number) has no bill for \(period)")
            }
            dated.append((number, date))
        }
        var ledgers: [String: Settle_Collections_V1_GetAccountLedgerResponse] = [:]
        var enrolments: [String: [Settle_Programs_V1_Enrolment]] = [:]
        for start in stride(from: 0, to: dated.count, by: Self.statementAccountsPerCall) {
            let chunk = dated[start..<min(start + Self.statementAccountsPerCall, dated.count)]
            var ledgerRequest = Settle_Collections_V1_GetAccountLedgersRequest()
            ledgerRequest.ledgers = chunk.map { account in .with { $0.accountNumber = account.number; $0.asOf = account.date; $0.includeEntries = true } }
            var enrolmentRequest = Settle_Programs_V1_GetEnrolmentsRequest()
            enrolmentRequest.accountNumbers = chunk.map(\.number)
            let (ledgerSent, enrolmentSent) = (ledgerRequest, enrolmentRequest)
            async let ledgerCall = collections.getAccountLedgers(ledgerSent)
            async let enrolmentCall = programs.getEnrolments(enrolmentSent)
            for ledger in try await ledgerCall.ledgers { ledgers[ledger.accountNumber] = ledger }
            for enrolment in try await enrolmentCall.enrolments { enrolments[enrolment.accountNumber, default: []].append(enrolment) }
        }
        return numbers.map { number in
            var account = accountsByNumber[number] ?? Settle_Accounts_V1_Account()
            if account.number.isEmpty { account.number = number }
            var statement = StatementBuilder.build(.init(
                account: account, bills: billsByAccount[number] ?? [], ledger: ledgers[number] ?? .init(), enrolments: enrolments[number] ?? []), period: period)
            if html { statement.html = StatementHTML.document(statement, period: period) }
            return statement
        }
    }

    /// Accounts whose ledgers and enrolments one call reads for a page of statements.
    static let statementAccountsPerCall = 1_000

    /// One account's statement: its agreements (Accounts), 13 months of their bills
    /// (Rating, one call), its ledger to the statement date (Collections), its enrolments.
    private func statement(_ accountNumber: String, period: YearMonth, html: Bool) async throws -> Settle_Reporting_V1_Statement {
        var summaryRequest = Settle_Accounts_V1_GetAccountSummaryRequest()
        summaryRequest.accountNumber = accountNumber
        summaryRequest.activityLimit = 1
        let summary = try await accounts.getAccountSummary(summaryRequest)
        let agreements = summary.premises.flatMap(\.agreements).map(\.id)
        var billsRequest = Settle_Rating_V1_ListBillsRequest()
        billsRequest.agreementIds = agreements
        billsRequest.fromPeriod = period.adding(months: -13).description
        let bills = agreements.isEmpty ? [] : try await rating.listBills(billsRequest).bills.filter { $0.period <= period.description }
        var account = summary.account
        if account.customerName.isEmpty { account.customerName = summary.customer.name }
        return try await statement(account: account, bills: bills, period: period, html: html)
    }

    /// The statement of an account whose bills (13 months, oldest first) are read: its
    /// ledger to the statement date and its enrolments, then the document.
    private func statement(account: Settle_Accounts_V1_Account, bills: [Settle_Rating_V1_Bill], period: YearMonth, html: Bool) async throws -> Settle_Reporting_V1_Statement {
        let accountNumber = account.number
        let current = StatementBuilder.current(bills, period: period)
        guard let statementDate = current.map(\.billDate).max() else {
            throw ReportingError.notFound("account \(accountNumber) has no bill for \(period)")
        }
        async let ledger = collections.getAccountLedger(.with { $0.accountNumber = accountNumber; $0.asOf = statementDate; $0.includeEntries = true })
        async let enrolments = programs.getEnrolments(.with { $0.accountNumber = accountNumber }).enrolments
        var statement = StatementBuilder.build(.init(account: account, bills: bills, ledger: try await ledger, enrolments: try await enrolments), period: period)
        if html { statement.html = StatementHTML.document(statement, period: period) }
        return statement
    }
}
