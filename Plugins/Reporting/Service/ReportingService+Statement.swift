import SettleContracts
import SettleRPC

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
        var accounts: [String] = []
        var seen: Set<String> = []
        for bill in try await rating.listBills(bills).bills where bill.status != "cancelled" && seen.insert(bill.accountNumber).inserted {
            accounts.append(bill.accountNumber)
        }
        for start in stride(from: 0, to: accounts.count, by: pageSize) {
            var page = Settle_Reporting_V1_StatementPage()
            for account in accounts[start..<min(start + pageSize, accounts.count)] {
                page.statements.append(try await statement(account, period: period, html: request.html))
            }
            try await responses.write(page)
        }
    }

    /// One account's statement: its agreements (Accounts), 13 months of their bills
    /// (Rating, one call), its ledger to the statement date (Collections), its enrolments.
    private func statement(_ accountNumber: String, period: ReportPeriod, html: Bool) async throws -> Settle_Reporting_V1_Statement {
        var summaryRequest = Settle_Accounts_V1_GetAccountSummaryRequest()
        summaryRequest.accountNumber = accountNumber
        summaryRequest.activityLimit = 1
        let summary = try await accounts.getAccountSummary(summaryRequest)
        let agreements = summary.premises.flatMap(\.agreements).map(\.id)
        var billsRequest = Settle_Rating_V1_ListBillsRequest()
        billsRequest.agreementIds = agreements
        billsRequest.fromPeriod = period.adding(months: -13).description
        let bills = agreements.isEmpty ? [] : try await rating.listBills(billsRequest).bills.filter { $0.period <= period.description }
        let current = StatementBuilder.current(bills, period: period)
        guard let statementDate = current.map(\.billDate).max() else {
            throw RPCError(.notFound, "account \(accountNumber) has no bill for \(period)")
        }
        async let ledger = collections.getAccountLedger(.with { $0.accountNumber = accountNumber; $0.asOf = statementDate; $0.includeEntries = true })
        async let enrolments = programs.getEnrolments(.with { $0.accountNumber = accountNumber }).enrolments
        var account = summary.account
        if account.customerName.isEmpty { account.customerName = summary.customer.name }
        var statement = StatementBuilder.build(.init(account: account, bills: bills, ledger: try await ledger, enrolments: try await enrolments), period: period)
        if html { statement.html = StatementHTML.document(statement, period: period) }
        return statement
    }
}
