import Foundation
import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// The account research summary: one account's history across every module, read in a
/// handful of calls (one per module, one `ListReads` per meter), never per bill or entry.
extension ReportingService {
    static let defaultResearchMonths: UInt32 = 24
    static let maximumResearchMonths: UInt32 = 60

    func getAccountResearch(_ request: Settle_Reporting_V1_GetAccountResearchRequest, context: ServerContext) async throws -> Settle_Reporting_V1_AccountResearch {
        guard !request.accountNumber.isEmpty else { throw ReportingError.invalid("account_number", "an account number is required") }
        guard request.months <= Self.maximumResearchMonths else {
            throw ReportingError.invalid("months", "\(request.months) months; at most \(Self.maximumResearchMonths)")
        }
        let asOf = try ReportingError.date(request.asOf, field: "as_of", default: today)
        let to = asOf.description
        let last = YearMonth(asOf)
        let first = last.adding(months: -Int(request.months == 0 ? Self.defaultResearchMonths : request.months) + 1)
        let from = first.firstDay.description

        var summaryRequest = Settle_Accounts_V1_GetAccountSummaryRequest()
        summaryRequest.accountNumber = request.accountNumber
        summaryRequest.asOf = to
        summaryRequest.activityLimit = 200
        let summary = try await accounts.getAccountSummary(summaryRequest)
        let agreements = summary.premises.flatMap(\.agreements)

        async let bills = accountBills(agreements.map(\.id), from: first)
        async let reads = premiseReads(summary.premises.map(\.premise.id), from: from, to: to)
        async let ledger = collections.getAccountLedger(.with { $0.accountNumber = request.accountNumber; $0.asOf = to; $0.includeEntries = true })
        async let cases = collections.getAccountCases(.with { $0.accountNumber = request.accountNumber; $0.asOf = to })
        async let enrolments = programs.getEnrolments(.with { $0.accountNumber = request.accountNumber }).enrolments
        let sources = ResearchSources(summary: summary, bills: try await bills, reads: try await reads, ledger: try await ledger,
                                      cases: try await cases, enrolments: try await enrolments)

        var research = Settle_Reporting_V1_AccountResearch()
        research.accountNumber = request.accountNumber
        research.customerName = summary.customer.name
        research.fromDate = from
        research.toDate = to
        research.events = ResearchTimeline.events(sources, from: from, to: to, in: timeZone)
        research.usage = ResearchTimeline.usage(sources.bills.filter { $0.period >= first.description && $0.period <= last.description })
        research.balanceCents = sources.ledger.balanceCents
        research.pastDueCents = sources.ledger.pastDueCents
        research.alerts = summary.alerts
        // The chart's year ends at the newest billed month (a closed account's last bill),
        // else at the report's last month.
        let chartEnd = research.usage.map(\.month).max().flatMap(YearMonth.init) ?? last
        if request.html { research.html = ResearchHTML.document(research, endingAt: chartEnd) }
        return research
    }

    /// Every bill of the account's agreements from `first` on, in one call to Rating.
    private func accountBills(_ agreements: [UInt64], from first: YearMonth) async throws -> [Settle_Rating_V1_Bill] {
        guard !agreements.isEmpty else { return [] }
        var request = Settle_Rating_V1_ListBillsRequest()
        request.agreementIds = agreements
        request.fromPeriod = first.description
        return try await rating.listBills(request).bills
    }

    /// Register reads of every meter that served the account's premises, oldest first.
    private func premiseReads(_ premises: [String], from: String, to: String) async throws -> [Settle_Metering_V1_RegisterRead] {
        var reads: [Settle_Metering_V1_RegisterRead] = []
        for premise in Set(premises).sorted() {
            var meters = Settle_Metering_V1_ListMetersRequest()
            meters.premiseID = premise
            meters.pageSize = 100
            for meter in try await metering.listMeters(meters).meters {
                var list = Settle_Metering_V1_ListReadsRequest()
                list.meterSerial = meter.serial
                list.fromDate = from
                list.toDate = to
                reads += try await metering.listReads(list).reads
            }
        }
        return reads.sorted { ($0.readAtUtc, $0.meterSerial) < ($1.readAtUtc, $1.meterSerial) }
    }

    /// Today's date in the utility's time zone, "YYYY-MM-DD".
    var today: LocalDate { LocalDate.today(in: timeZone) }
}
