import SettleClient
import SettleContracts
import SettleRPC

/// The issue-12 Collections rules, exercised on a few delinquent accounts before the notice
/// cycle: disputes of their past due, two payment arrangements on agreed dates (one kept, one
/// broken by a missed installment), a bankruptcy whose petition date falls inside the billed
/// period, and a critical-care certification. After eligibility the summary shows each case
/// with the rules that stopped its disconnection. Every key is fixed, so a second run changes
/// nothing.
struct DemoCollectionsRules: Sendable {
    let run: DemoRun

    private var client: CollectionsV1.Client { CollectionsV1.Client(transport: run.connection) }
    private var month: String { run.calendar.period(back: -1) }
    private var nextMonth: String { run.calendar.period(back: -2) }
    /// After the bill's due date (the 22nd), so the arrangements' payments count toward them
    /// and not toward a bill that falls due after they start.
    private var caseDate: String { "\(month)-24" }
    private var firstInstallment: String { "\(month)-26" }
    private var secondInstallment: String { "\(nextMonth)-12" }
    private var petitionDate: String { "\(run.calendar.billedPeriod)-15" }

    /// The accounts the rules were applied to, by what was done, for `explain`.
    struct Cases: Sendable {
        var disputed: [String] = []
        var kept: String?
        var broken: String?
        var bankrupt: String?
        var critical: String?
        var arrangements: [String: UInt64] = [:]
        var all: [(String, String)] {
            disputed.map { ($0, "dispute") } + [kept.map { ($0, "arrangement kept") }, broken.map { ($0, "arrangement broken") },
                bankrupt.map { ($0, "bankruptcy") }, critical.map { ($0, "critical care") }].compactMap { $0 }
        }
    }

    /// Picks delinquent accounts outside the cold north zone that owe more than the disconnect
    /// threshold on the case date, and applies one rule to each.
    func apply(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws -> Cases {
        let prefix = run.keyPrefix
        var cases = Cases()
        var pastDue: [String: Int64] = [:]
        var candidates: [String] = []
        for account in plan where account.payer == .delinquent && !account.criticalCare && account.weatherZone != "north" {
            guard let number = numbers[account.index] else { continue }
            var request = Settle_Collections_V1_GetAccountLedgerRequest()
            request.accountNumber = number
            request.asOf = caseDate
            let ledger = try await client.getAccountLedger(request)
            guard ledger.pastDueCents >= 10_000 else { continue }
            pastDue[number] = ledger.pastDueCents
            candidates.append(number)
            if candidates.count == 7 { break }
        }
        guard candidates.count == 7 else {
            summary.skipped.append("collections rules: fewer than 7 delinquent accounts outside the north zone")
            return cases
        }

        // Disputes: two of the whole past due, one of half of it.
        for (offset, number) in candidates.prefix(3).enumerated() {
            var dispute = Settle_Collections_V1_OpenDisputeRequest()
            dispute.idempotencyKey = "\(prefix)-dispute-\(number)"
            dispute.accountNumber = number
            dispute.amountCents = offset == 2 ? (pastDue[number] ?? 0) / 2 : pastDue[number] ?? 0
            dispute.openedDate = caseDate
            dispute.description_p = offset == 2 ? "disputes the estimated half of the bill" : "disputes the whole bill: meter misread"
            _ = try await client.openDispute(dispute, options: CallOptions(metadata: [MetadataKey.reason: "customer called"]))
            cases.disputed.append(number)
        }

        // Arrangements of the past due in two installments; the second account misses the second.
        for (label, number) in [("kept", candidates[3]), ("broken", candidates[4])] {
            let total = pastDue[number] ?? 0
            let first = total / 2
            var arrangement = Settle_Collections_V1_CreateArrangementRequest()
            arrangement.idempotencyKey = "\(prefix)-arrangement-\(number)"
            arrangement.accountNumber = number
            arrangement.startDate = caseDate
            var one = Settle_Collections_V1_Installment()
            one.dueDate = firstInstallment
            one.amountCents = first
            var two = Settle_Collections_V1_Installment()
            two.dueDate = secondInstallment
            two.amountCents = total - first
            arrangement.schedule = [one, two]
            let created = try await client.createArrangement(arrangement, options: CallOptions(metadata: [MetadataKey.reason: "payment plan agreed by phone"]))
            cases.arrangements[number] = created.arrangement.id
            try await pay(number, first, on: firstInstallment, key: "\(prefix)-installment-1-\(number)")
            if label == "kept" {
                try await pay(number, total - first, on: secondInstallment, key: "\(prefix)-installment-2-\(number)")
                cases.kept = number
            } else {
                cases.broken = number
            }
        }

        // A bankruptcy filed in the middle of the billed period: its bill is split by days.
        let bankrupt = candidates[5]
        var bankruptcy = Settle_Accounts_V1_RecordBankruptcyCaseRequest()
        bankruptcy.idempotencyKey = "\(prefix)-bankruptcy-\(bankrupt)"
        bankruptcy.customerID = try await customer(of: bankrupt)
        bankruptcy.caseNumber = "DEMO-13-\(bankrupt)"
        bankruptcy.chapter = 13
        bankruptcy.petitionDate = petitionDate
        bankruptcy.court = "W.D. Tex."
        _ = try await run.accountsClient.recordBankruptcyCase(bankruptcy, options: CallOptions(metadata: [MetadataKey.reason: "notice of filing received"]))
        cases.bankrupt = bankrupt

        // A critical-care certification from the first of the month through three months on.
        let critical = candidates[6]
        var care = Settle_Accounts_V1_AddCriticalCareCertificationRequest()
        care.idempotencyKey = "\(prefix)-critical-care-\(critical)"
        care.customerID = try await customer(of: critical)
        care.certifiedBy = "Dr. R. Flores, Brackenridge Clinic"
        care.effectiveDate = "\(month)-01"
        care.expiryDate = "\(run.calendar.period(back: -4))-28"
        care.note = "home dialysis"
        _ = try await run.accountsClient.addCriticalCareCertification(care, options: CallOptions(metadata: [MetadataKey.reason: "certificate faxed by the clinic"]))
        cases.critical = critical
        return cases
    }

    /// After eligibility: each case's standing and the rules that decided it.
    func explain(_ cases: Cases, decisions: [Settle_Collections_V1_EligibilityDecision], asOf: String, summary: inout DemoSummary) async throws {
        guard !cases.all.isEmpty else { return }
        let byAccount = Dictionary(decisions.map { ($0.accountNumber, $0) }, uniquingKeysWith: { first, _ in first })
        summary.collectionsRules.append(("disputes opened (\(caseDate))", "\(cases.disputed.count)"))
        summary.collectionsRules.append(("arrangements (\(caseDate))", "\(cases.arrangements.count), installments due \(firstInstallment) and \(secondInstallment)"))
        for number in [cases.kept, cases.broken].compactMap({ $0 }) {
            guard let id = cases.arrangements[number] else { continue }
            var request = Settle_Collections_V1_GetArrangementRequest()
            request.arrangementID = id
            request.asOf = asOf
            let arrangement = try await client.getArrangement(request).arrangement
            summary.collectionsRules.append(("  arrangement \(id), account \(number)",
                "\(DemoFormat.dollars(cents: arrangement.totalCents)): \(arrangement.status)"
                + (arrangement.brokenOn.isEmpty ? "" : " on \(arrangement.brokenOn)") + ", paid toward \(DemoFormat.dollars(cents: arrangement.paidTowardCents))"))
        }
        if let bankrupt = cases.bankrupt {
            summary.collectionsRules.append(("bankruptcy petition (\(petitionDate))", "account \(bankrupt)"))
        }
        if let critical = cases.critical {
            summary.collectionsRules.append(("critical-care certification", "account \(critical)"))
        }
        for (number, what) in cases.all {
            // An account the run left out (no disconnect notice) is asked about on its own:
            // every rule is still explained.
            var decision = byAccount[number]
            if decision == nil {
                var request = Settle_Collections_V1_EvaluateEligibilityRequest()
                request.idempotencyKey = "\(run.keyPrefix)-eligibility-\(number)"
                request.asOf = asOf
                request.accountNumber = number
                decision = try await client.evaluateEligibility(request).decisions.first
            }
            guard let decision else {
                summary.collectionsRules.append(("  \(what) \(number)", "no decision on \(asOf)"))
                continue
            }
            let failed = decision.rules.filter { !$0.passed }.map(\.rule)
            summary.collectionsRules.append(("  \(what) \(number) on \(asOf)",
                (decision.eligible ? "eligible" : "not eligible: \(failed.joined(separator: ", "))")
                + "; past due \(DemoFormat.dollars(cents: decision.pastDueCents)), collectible \(DemoFormat.dollars(cents: decision.collectiblePastDueCents))"))
        }
    }

    private func pay(_ number: String, _ cents: Int64, on date: String, key: String) async throws {
        guard cents > 0 else { return }
        var payment = Settle_Collections_V1_PostPaymentRequest()
        payment.idempotencyKey = key
        payment.accountNumber = number
        payment.amountCents = cents
        payment.paymentDate = date
        payment.reference = key
        payment.channel = "card"
        _ = try await client.postPayment(payment)
    }

    private func customer(of number: String) async throws -> String {
        var request = Settle_Accounts_V1_GetAccountRequest()
        request.accountNumber = number
        return try await run.accountsClient.getAccount(request).account.customerID
    }
}
