import Logging
import SettleContracts
import SettleDomain
import SettleRPC

/// The anomaly scan across modules: Accounts' agreements beside Metering's meters, each
/// cycle's bills of the period (with their history and their register tie), the customers'
/// exemptions and Rating's tariffs — all in batches, findings streamed in pages as each rule
/// produces them, then counts by rule.
extension ReportingService {
    func getAnomalies(_ request: Settle_Reporting_V1_GetAnomaliesRequest, responses: RPCWriter<Settle_Reporting_V1_AnomaliesPage>, context: ServerContext) async throws {
        let asOfDay = try ReportingError.date(request.asOf, field: "as_of", default: today)
        let asOf = asOfDay.description
        let period = request.period.isEmpty ? YearMonth(asOfDay).adding(months: -1) : try ReportingError.period(request.period)
        guard request.pageSize <= Self.maximumPageSize else {
            throw ReportingError.invalid("page_size", "\(request.pageSize) rows; at most \(Self.maximumPageSize) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultPageSize : Int(request.pageSize)
        var counts: [AnomalyRule: UInt32] = [:]
        var page = Settle_Reporting_V1_AnomaliesPage()
        func emit(_ findings: [Settle_Reporting_V1_Anomaly]) async throws {
            for finding in findings {
                if let rule = AnomalyRule(rawValue: finding.rule) { counts[rule, default: 0] += 1 }
                page.anomalies.append(finding)
                if page.anomalies.count >= pageSize {
                    try await responses.write(page)
                    page = Settle_Reporting_V1_AnomaliesPage()
                }
            }
        }
        let started = ContinuousClock.now
        // Agreements beside meters is read while the cycles are; its findings still come first.
        var services: Task<[Settle_Reporting_V1_Anomaly], any Error>? = Task { try await serviceFindings(asOf: asOfDay) }
        defer { services?.cancel() }
        var servicesDone = started
        for cycle in UInt32(1)...20 {
            let found = try await cycleFindings(cycle, period: period)
            if let pending = services {
                try await emit(try await pending.value)
                services = nil
                servicesDone = ContinuousClock.now
            }
            try await emit(found)
        }
        let afterCycles = ContinuousClock.now
        try await emit(try await exemptionFindings(asOf: asOfDay))
        try await emit(try await tariffFindings())
        logger.info("anomaly scan \(asOf) \(period): agreements and meters with the first cycle \(servicesDone - started), the other cycles \(afterCycles - servicesDone), exemptions and tariffs \(ContinuousClock.now - afterCycles)")

        var summary = Settle_Reporting_V1_AnomaliesSummary()
        summary.asOf = asOf
        summary.period = period.description
        summary.counts = AnomalyRule.allCases.map { rule in
            var count = Settle_Reporting_V1_AnomalyCount()
            count.rule = rule.rawValue
            count.findings = counts[rule] ?? 0
            count.description_p = rule.description
            return count
        }
        summary.findings = counts.values.reduce(0, +)
        page.summary = summary
        page.last = true
        try await responses.write(page)
    }

    /// Active agreements in service on `asOf` (10,000 a page) beside every installed meter
    /// with its latest read (5,000 a page).
    private func serviceFindings(asOf day: LocalDate) async throws -> [Settle_Reporting_V1_Anomaly] {
        let asOf = day.description
        var directory = Settle_Accounts_V1_ListServiceAgreementsRequest()
        directory.statuses = ["active"]
        directory.inServiceFrom = asOf
        directory.inServiceTo = asOf
        directory.pageSize = UInt32(Self.maximumPageSize)
        var meters = Settle_Metering_V1_ListMetersRequest()
        meters.status = "active"
        meters.pageSize = 5_000
        meters.withLastRead = true
        // Accounts' agreements and Metering's meters are independent reads: both at once.
        let (accounts, metering) = (self.accounts, self.metering)
        let directorySent = directory, metersSent = meters
        async let agreementsRead: ServiceChecks = {
            var checks = ServiceChecks(), directory = directorySent
            while true {
                let listed = try await accounts.listServiceAgreements(directory)
                listed.agreements.forEach { checks.add($0) }
                guard !listed.nextPageToken.isEmpty else { return checks }
                directory.pageToken = listed.nextPageToken
            }
        }()
        async let metersRead: ServiceChecks = {
            var checks = ServiceChecks(), meters = metersSent
            while true {
                let listed = try await metering.listMeters(meters)
                listed.meters.forEach { checks.add($0) }
                guard !listed.nextPageToken.isEmpty else { return checks }
                meters.pageToken = listed.nextPageToken
            }
        }()
        var checks = try await agreementsRead
        checks.merge(meters: try await metersRead)
        let windowStart = day.adding(days: -AnomalyRule.unreadDays).description
        return checks.findings(asOf: asOf, windowStart: windowStart)
    }

    /// One cycle of the period: its register (not-billed agreements and ledger differences)
    /// and each issued bill against its total, history and rate class.
    private func cycleFindings(_ cycle: UInt32, period: YearMonth) async throws -> [Settle_Reporting_V1_Anomaly] {
        // The directory's first page is read while the cycle's bills, history and charges come.
        let directory = cycleDirectory(cycle, period: period)
        defer { directory.cancel() }
        var history: [UInt64: BillChecks.History] = [:]
        for back in 1...AnomalyRule.historyPeriods {
            var request = Settle_Rating_V1_ListBillColumnsRequest()
            request.cycle = cycle
            request.period = period.adding(months: -back).description
            request.status = "issued"
            for try await page in try await rating.listBillColumns(request) {
                for (agreement, cents) in zip(page.agreementID, page.totalCents) {
                    history[agreement, default: .init()].cents += cents
                    history[agreement, default: .init()].bills += 1
                }
            }
        }
        var found: [Settle_Reporting_V1_Anomaly] = []
        // Bills with the use they were rated on: all the per-bill rules look at.
        let index = try await cycleIndex(cycle, period: period, withUse: true) { bills in
            for bill in bills { found += BillChecks.findings(bill, history: history[bill.agreementID]) }
        }
        try await forEachRegisterRow(index, directory: directory, period: period) { row, _ in
            guard row.status == "not_billed" else { return }
            found.append(AnomalyRule.accountNotBilled.finding(
                entities: ["account \(row.accountNumber)", "agreement \(row.agreementID)", "cycle \(cycle)"],
                account: row.accountNumber, agreement: row.agreementID,
                detail: "\(row.serviceType) agreement \(row.agreementID) is in service in cycle \(cycle) for \(period) but has no bill and no skip"))
        }
        var tally = RegisterTally(cycle: cycle, period: period.description)
        tally.add(index)
        for difference in tally.finished().differences {
            found.append(AnomalyRule.ledgerRegisterDifference.finding(
                entities: ["account \(difference.accountNumber)", "agreement \(difference.agreementID)", "bill \(difference.billID)"],
                account: difference.accountNumber, agreement: difference.agreementID,
                detail: "bill \(difference.billID) (\(difference.status)): expected \(Dollars.signed(difference.expectedCents, grouped: false)) in the ledger, found \(Dollars.signed(difference.ledgerCents, grouped: false)): \(difference.explanation)",
                cents: difference.differenceCents))
        }
        return found
    }

    /// The customers Accounts lists with an exemption expiring in the warning window (a page
    /// of 1,000 and one `GetCustomers` at a time), each exemption of theirs checked here.
    private func exemptionFindings(asOf today: LocalDate) async throws -> [Settle_Reporting_V1_Anomaly] {
        let asOf = today.description
        let limit = today.adding(days: AnomalyRule.exemptionWarningDays).description
        var found: [Settle_Reporting_V1_Anomaly] = []
        var list = Settle_Accounts_V1_ListCustomersRequest()
        list.pageSize = 1_000
        list.taxExemptionExpiringFrom = asOf
        list.taxExemptionExpiringTo = limit
        while true {
            let listed = try await accounts.listCustomers(list)
            if !listed.customers.isEmpty {
                var full = Settle_Accounts_V1_GetCustomersRequest()
                full.customerIds = listed.customers.map(\.id)
                for customer in try await accounts.getCustomers(full).customers {
                    for exemption in customer.taxExemptions where exemption.endedReason.isEmpty && exemption.expiryDate >= asOf && exemption.expiryDate <= limit {
                        let days = (LocalDate(exemption.expiryDate) ?? today) - today
                        found.append(AnomalyRule.exemptionExpiring.finding(
                            entities: ["customer \(customer.id)"] + customer.accountNumbers.map { "account \($0)" } + ["certificate \(exemption.certificateNumber)"],
                            account: customer.accountNumbers.first ?? "",
                            detail: "\(customer.name)'s \(exemption.taxType) exemption (certificate \(exemption.certificateNumber)) expires on \(exemption.expiryDate), in \(days) day(s)"))
                    }
                }
            }
            guard !listed.nextPageToken.isEmpty else { break }
            list.pageToken = listed.nextPageToken
        }
        return found
    }

    /// Rating's tariff versions that are not retired and carry no test scenario: the list of
    /// tariffs, then each tariff whole (the list leaves scenarios out; a utility has tens of
    /// tariffs, not thousands).
    private func tariffFindings() async throws -> [Settle_Reporting_V1_Anomaly] {
        var found: [Settle_Reporting_V1_Anomaly] = []
        for code in try await rating.listTariffs(Settle_Rating_V1_ListTariffsRequest()).tariffs.map(\.code).sorted() {
            var request = Settle_Rating_V1_GetTariffRequest()
            request.code = code
            let tariff = try await rating.getTariff(request)
            for version in tariff.versions where version.status != "retired" && version.scenarios.isEmpty {
                found.append(AnomalyRule.tariffWithoutScenarios.finding(
                    entities: ["tariff \(code)@\(version.version)"],
                    detail: "\(code) version \(version.version) (\(version.status), effective \(version.effectiveFrom)) has no test scenario"))
            }
        }
        return found
    }
}
