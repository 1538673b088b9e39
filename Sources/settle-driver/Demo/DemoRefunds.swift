import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// Refunds in the demo: the credits left on final accounts, deposit refunds for customers with
/// a year of good payment history, a right-to-refund for commercial customers whose exemption
/// certificate arrived after they were billed, and a bankruptcy with its claim; the second
/// person approves them and the demo writes a disbursement batch (ACH file and check register).
struct DemoRefunds: Sendable {
    let run: DemoRun

    var refunds: RefundsV1.Client { RefundsV1.Client(transport: run.connection) }
    var collections: CollectionsV1.Client { CollectionsV1.Client(transport: run.connection) }

    func runAll(_ plan: [DemoAccount], numbers: [Int: String], summary: inout DemoSummary) async throws {
        let prefix = run.keyPrefix
        let why = CallOptions(timeout: .seconds(600), metadata: [MetadataKey.reason: "refund review"])
        var requested: [Settle_Refunds_V1_RefundRequest] = []
        var refused: [String: Int] = [:]
        var firstRefusal: [String: String] = [:]
        func note(_ kind: String, _ error: RPCError) {
            refused[kind, default: 0] += 1
            if firstRefusal[kind] == nil { firstRefusal[kind] = error.message }
        }

        // Some customers who moved out paid their final bill twice: a credit on a closed account.
        var moved = Settle_Accounts_V1_ListServiceAgreementsRequest()
        moved.statuses = ["final"]
        moved.pageSize = 1_000
        let finals = Array(Set(try await run.accountsClient.listServiceAgreements(moved, options: why).agreements.map(\.accountNumber))).sorted().prefix(10)
        for (offset, number) in finals.enumerated() {
            let ledger = try await collections.getAccountLedger(.with { $0.accountNumber = number }, options: why)
            guard ledger.balanceCents > 0 else { continue }
            _ = try await collections.postPayment(.with {
                $0.idempotencyKey = "\(prefix)-overpay-\(number)"
                $0.accountNumber = number
                $0.amountCents = ledger.balanceCents * 2 + Int64(offset * 37)
                $0.paymentDate = run.calendar.period(back: -1) + "-20"
                $0.reference = "DEMO-OVERPAY-\(number)"
            }, options: why)
        }

        // The credits Collections lists on final and closed accounts.
        let credits = try await collections.listCreditBalances(.init(), options: why)
        for credit in credits.accounts.prefix(200) {
            do {
                requested.append(try await refunds.requestRefund(.with {
                    $0.idempotencyKey = "\(prefix)-refund-credit-\(credit.accountNumber)"
                    $0.kind = "credit_balance"
                    $0.accountNumber = credit.accountNumber
                }, options: why))
            } catch let error as RPCError where error.code == .failedPrecondition || error.code == .alreadyExists { note("credit_balance", error) }
        }

        // Deposits: residential customers with a deposit paid when service began and a year of
        // bills paid on time converted from the old system, so Collections finds the deposit
        // refund-eligible.
        let start = run.calendar.serviceStart
        let depositors = plan.filter { $0.rateClass == "residential" && $0.plant == nil }.prefix(25)
        for account in depositors {
            guard let number = numbers[account.index] else { continue }
            do {
                try await history(number)
                _ = try await collections.postEntry(.with {
                    $0.idempotencyKey = "\(prefix)-deposit-\(number)"
                    $0.accountNumber = number
                    $0.kind = "deposit_billed"
                    $0.amountCents = 15_000
                    $0.entryDate = start
                    $0.dueDate = start
                }, options: why)
                _ = try await collections.postPayment(.with {
                    $0.idempotencyKey = "\(prefix)-deposit-paid-\(number)"
                    $0.accountNumber = number
                    $0.amountCents = 15_000
                    $0.paymentDate = start
                    $0.reference = "DEMO-DEPOSIT-\(number)"
                }, options: why)
                requested.append(try await refunds.requestRefund(.with {
                    $0.idempotencyKey = "\(prefix)-refund-deposit-\(number)"
                    $0.kind = "deposit"
                    $0.accountNumber = number
                }, options: why))
                if requested.count % 2 == 0 {
                    _ = try await refunds.setPayeeBank(.with {
                        $0.idempotencyKey = "\(prefix)-bank-\(number)"
                        $0.bank = .with { $0.accountNumber = number; $0.routingNumber = "071000013"; $0.bankAccount = String(4_000_000 + account.index) }
                    }, options: why)
                }
            } catch let error as RPCError where error.code == .failedPrecondition || error.code == .alreadyExists { note("deposit", error) }
        }

        // Right-to-refund: commercial customers (sales tax) whose certificate is filed now,
        // effective from the start of service.
        let commercial = plan.filter { $0.rateClass == "small_commercial" && $0.taxExemptUntil == nil }.prefix(5)
        for account in commercial {
            guard let number = numbers[account.index] else { continue }
            do {
                let customer = try await run.accountsClient.getAccount(.with { $0.accountNumber = number }).account.customerID
                _ = try await run.accountsClient.addTaxExemption(.with {
                    $0.idempotencyKey = "\(prefix)-exempt-\(number)"
                    $0.customerID = customer
                    $0.taxType = "sales-tax"
                    $0.certificateNumber = "ST-DEMO-\(account.index)"
                    $0.effectiveDate = start
                }, options: why)
                requested.append(try await refunds.requestRefund(.with {
                    $0.idempotencyKey = "\(prefix)-refund-tax-\(number)"
                    $0.kind = "tax_exempt"
                    $0.accountNumber = number
                    $0.taxType = "sales-tax"
                }, options: why))
            } catch let error as RPCError where error.code == .failedPrecondition || error.code == .alreadyExists { note("tax_exempt", error) }
        }

        // A bankruptcy: a residential customer files mid-way through the billed period.
        if let debtor = plan.first(where: { $0.rateClass == "residential" && $0.payer == .late }), let number = numbers[debtor.index] {
            let customer = try await run.accountsClient.getAccount(.with { $0.accountNumber = number }).account.customerID
            try await history(number)
            let petition = "\(run.calendar.billedPeriod)-10"
            _ = try await run.accountsClient.recordBankruptcyCase(.with {
                $0.idempotencyKey = "\(prefix)-bankruptcy-\(number)"
                $0.customerID = customer
                $0.caseNumber = "DEMO-BK-\(debtor.index)"
                $0.chapter = 13
                $0.petitionDate = petition
                $0.court = "U.S. Bankruptcy Court, C.D. Ill."
            }, options: why)
            let view = try await refunds.getBankruptcy(.with { $0.caseNumber = "DEMO-BK-\(debtor.index)"; $0.accountNumber = number }, options: why)
            summary.refunds.append(("bankruptcy DEMO-BK-\(debtor.index) (chapter 13, petition \(petition))",
                                    "claim \(DemoFormat.dollars(cents: view.prePetitionClaimCents)) over \(view.claimLines.count) line(s), \(view.claimLines.filter(\.split).count) split at the petition; post-petition \(DemoFormat.dollars(cents: view.postPetitionOpenCents)); assurance \(DemoFormat.dollars(cents: view.assurance.amountCents)) due \(view.assurance.dueDate)"))
        }

        var byKind: [String: (count: Int, cents: Int64)] = [:]
        for refund in requested { byKind[refund.kind, default: (0, 0)].count += 1; byKind[refund.kind, default: (0, 0)].cents += refund.amountCents }
        for (kind, total) in byKind.sorted(by: { $0.key < $1.key }) {
            summary.refunds.append(("requested \(kind)", "\(DemoFormat.count(total.count)) (\(DemoFormat.dollars(cents: total.cents)))"))
        }
        for (kind, count) in refused.sorted(by: { $0.key < $1.key }) {
            summary.refunds.append(("  not refundable \(kind)", "\(count) (first: \(firstRefusal[kind] ?? ""))"))
        }
        let adjusted = requested.filter { $0.status == "adjusted" }.count
        if adjusted > 0 { summary.refunds.append(("small balances adjusted", DemoFormat.count(adjusted))) }

        // The second person approves (a clerk's limit is the policy's threshold; it is a supervisor).
        guard let checker = await SecondPerson.connect(to: run.connection.socketPath, agent: "settle-driver demo (refunds supervisor)") else {
            summary.skipped.append("refunds: \(requested.count) requests wait for a second person to approve them; run the demo as root with the quickstart's configuration")
            return
        }
        defer { Task { await checker.close() } }
        let approver = RefundsV1.Client(transport: checker)
        var approved = 0
        for refund in requested where refund.status == "submitted" {
            do {
                _ = try await approver.approveRefund(.with { $0.idempotencyKey = "\(prefix)-approve-\(refund.id)"; $0.refundID = refund.id },
                                                     options: CallOptions(metadata: [MetadataKey.reason: "calculation reviewed"]))
                approved += 1
            } catch let error as RPCError where error.code == .permissionDenied {
                summary.skipped.append("refunds: the second person (uid \(SecondPerson.uid)) may not approve refunds on this host (\(error.message))")
                return
            }
        }
        summary.refunds.append(("approved by the second person", DemoFormat.count(approved)))
        guard approved > 0 else { return }
        let batch = try await refunds.createBatch(.with { $0.idempotencyKey = "\(prefix)-refund-batch" }, options: why)
        let folder = NSTemporaryDirectory() + "settle-demo-\(prefix)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for format in ["nacha", "csv"] {
            let file = try await refunds.exportBatch(.with { $0.batchID = batch.id; $0.format = format }, options: why)
            try Data(file.content.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(batch.id).\(format == "nacha" ? "ach" : "csv")"))
        }
        summary.refunds.append(("disbursement batch \(batch.id)", "\(batch.achEntries) ACH \(DemoFormat.dollars(cents: batch.achTotalCents)) (entry hash \(batch.entryHash)), \(batch.checks) checks \(DemoFormat.dollars(cents: batch.checkTotalCents)); files in \(folder)"))
        let released = try await approver.releaseBatch(.with { $0.idempotencyKey = "\(prefix)-refund-release"; $0.batchID = batch.id }, options: why)
        summary.refunds.append(("released", "\(released.posted) refund entries posted to the ledger"))
    }

    /// Twelve monthly bills of 80.00 before the billed period, each paid by its due date, as
    /// converted from the utility's old system (the demo bills only its last month).
    private func history(_ number: String) async throws {
        let prefix = run.keyPrefix
        var agreements = Settle_Accounts_V1_ListServiceAgreementsRequest()
        agreements.accountNumber = number
        let agreement = try await run.accountsClient.listServiceAgreements(agreements).agreements.first { $0.serviceType == "electric" }?.id ?? 0
        for back in (1...12).reversed() {
            let period = run.calendar.period(back: back)
            _ = try await collections.postBillCharges(.with {
                $0.idempotencyKey = "\(prefix)-history-\(number)-\(period)"
                $0.charges = [.with {
                    $0.billID = "DEMO-HIST-\(number)-\(period)"
                    $0.accountNumber = number
                    $0.agreementID = agreement
                    $0.serviceType = "electric"
                    $0.rateClass = "residential"
                    $0.period = period
                    $0.billDate = "\(period)-05"
                    $0.dueDate = "\(period)-25"
                    $0.amountCents = 8_000
                }]
            })
            _ = try await collections.postPayment(.with {
                $0.idempotencyKey = "\(prefix)-history-paid-\(number)-\(period)"
                $0.accountNumber = number
                $0.amountCents = 8_000
                $0.paymentDate = "\(period)-20"
                $0.reference = "DEMO-HIST-\(number)-\(period)"
            })
        }
    }
}
