import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// A bankruptcy case as it touches the ledger: the split of each account at the petition date
/// (Collections' split by service period), the pre-petition claim with the bills behind it,
/// the adequate-assurance deposit (11 U.S.C. §366: 20 days after the petition, 30 under
/// Chapter 11; two months' average bill by policy), the discharge write-off and dismissal.
extension RefundsService {
    /// The customer and case, by the case number alone or, for a joint case, with an account of the customer.
    func bankruptcyCase(_ caseNumber: String, account: String) async throws -> (Settle_Accounts_V1_Customer, Settle_Accounts_V1_BankruptcyCase) {
        guard !caseNumber.isEmpty else { throw RefundsError.invalid("case_number", "a case number is required") }
        // An account names the customer (the only way to pick one of a joint case's); without
        // one, Accounts finds the customer by the case number itself.
        let customerID = account.isEmpty ? "" : try await self.account(account).customerID
        let customer = try await accounts.getCustomer(.with { $0.customerID = customerID; $0.bankruptcyCaseNumber = caseNumber }).customer
        guard let found = customer.bankruptcyCases.first(where: { $0.caseNumber == caseNumber }) else {
            throw RefundsError.notFound("case_number: customer \(customer.id) has no bankruptcy case \(caseNumber)")
        }
        return (customer, found)
    }

    func getBankruptcy(_ request: Settle_Refunds_V1_GetBankruptcyRequest, context: ServerContext) async throws -> Settle_Refunds_V1_BankruptcyView {
        let asOf = try RefundsError.date(request.asOf, field: "as_of", default: today)
        let (customer, found) = try await bankruptcyCase(request.caseNumber, account: request.accountNumber)
        return try await view(customer: customer, found: found, asOf: asOf)
    }

    func requestAssurance(_ request: Settle_Refunds_V1_RequestAssuranceRequest, context: ServerContext) async throws -> Settle_Refunds_V1_BankruptcyView {
        let (customer, found) = try await bankruptcyCase(request.caseNumber, account: request.accountNumber)
        guard found.status == "open" else { throw RefundsError.failedPrecondition("case \(found.caseNumber) is \(found.status); adequate assurance is asked while it is open") }
        guard let petition = LocalDate(found.petitionDate) else { throw RefundsError.failedPrecondition("case \(found.caseNumber) has no petition date") }
        let assurance = try await assurance(for: found, customer: customer, petition: petition)
        guard assurance.amountCents > 0 else {
            throw RefundsError.failedPrecondition("case \(found.caseNumber): no bills in the 12 months before the petition to base an assurance deposit on")
        }
        let key = Self.derivedKey(request.idempotencyKey, context: context, "assurance")
        // Recorded first (so the case is known), then billed under a key derived from the case,
        // which Collections answers once however often this is retried.
        _ = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            try BankruptcyCaseStore.recordAssurance(
                caseNumber: found.caseNumber, customerID: customer.id, account: assurance.accountNumber, cents: assurance.amountCents,
                due: assurance.dueDate, in: db)
            try audit.record(entity: "bankruptcy/\(found.caseNumber)", after: assurance.auditJSON)
            return Settle_Refunds_V1_AssuranceDeposit()
        }
        let existing = try await store.read { db in
            try BankruptcyCaseStore.assuranceEntry(caseNumber: found.caseNumber, in: db)
        }
        if existing == 0 {
            let posted = try await collections.postEntry(.with {
                $0.idempotencyKey = "refunds-assurance-\(found.caseNumber)"
                $0.accountNumber = assurance.accountNumber
                $0.kind = "deposit_billed"
                $0.amountCents = assurance.amountCents
                $0.entryDate = found.petitionDate
                $0.dueDate = assurance.dueDate
                $0.memo = "adequate assurance, case \(found.caseNumber) (11 U.S.C. §366)"
            })
            _ = try await store.mutate(request, idempotencyKey: key + "/recorded", context: context) { db, audit in
                try BankruptcyCaseStore.setAssuranceEntry(Int64(posted.entry.id), caseNumber: found.caseNumber, in: db)
                try audit.record(entity: "bankruptcy/\(found.caseNumber)", after: "{\"assurance_entry_id\":\(posted.entry.id)}")
                return Settle_Refunds_V1_AssuranceDeposit()
            }
        }
        return try await view(customer: customer, found: found, asOf: today)
    }

    /// The pre-petition debt of one account of a discharged case, each open line an input.
    func discharge(_ account: Settle_Accounts_V1_Account, caseNumber: String, on date: LocalDate) async throws -> Calculated {
        let (customer, found) = try await bankruptcyCase(caseNumber, account: account.number)
        guard customer.accountNumbers.contains(account.number) else {
            throw RefundsError.invalid("account_number", "account \(account.number) is not customer \(customer.id)'s")
        }
        guard found.status == "discharged" else {
            throw RefundsError.failedPrecondition("case \(caseNumber) is \(found.status); only a discharged case's pre-petition debt is written off\(found.status == "dismissed" ? " (after dismissal it is collectible again)" : "")")
        }
        let split = try await collections.getPetitionSplit(.with {
            $0.accountNumbers = [account.number]
            $0.petitionDate = found.petitionDate
            $0.asOf = found.resolvedDate
            $0.resolvedDate = found.resolvedDate
        })
        var result = Calculated(kind: .bankruptcyDischarge, account: account, source: "case:\(caseNumber):\(account.number)")
        result.lines.append(input("Case \(caseNumber)", 0, source: "accounts: customer \(customer.id) case \(found.id)",
                                  detail: "chapter \(found.chapter), petition \(found.petitionDate), discharged \(found.resolvedDate), \(found.court)", informational: true))
        for item in split.items where item.prePetition {
            result.lines.append(Self.claimInput(item))
        }
        return result
    }

    static func claimInput(_ item: Settle_Collections_V1_PetitionSplitItem) -> Settle_Refunds_V1_CalculationInput {
        let period = item.serviceStartDate.isEmpty ? "" : ", service \(item.serviceStartDate) to \(item.serviceEndDate)"
        let share = item.prePetitionCents == item.originalCents ? "" : " (pre-petition share \(Dollars.grouped(item.prePetitionCents)) of \(Dollars.grouped(item.originalCents)))"
        return input("\(item.kind) \(item.billID.isEmpty ? "entry \(item.entryID)" : item.billID)", item.openCents,
                     source: "collections: entry \(item.entryID) of \(item.accountNumber)", detail: "due \(item.dueDate)\(period)\(share)")
    }

    /// Posts an approved discharge's write-off and records it.
    func writeOff(_ refund: Settle_Refunds_V1_RefundRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundRequest {
        let posted = try await collections.postRefundEntries(.with {
            $0.idempotencyKey = "refunds-write-off-\(refund.id)"
            $0.accountNumber = refund.accountNumber
            $0.reference = "\(refund.id)/write-off"
            $0.entryDate = refund.refundDate
            $0.writeOffCents = refund.amountCents
            $0.memo = "bankruptcy discharge \(refund.source.split(separator: ":").dropFirst().first ?? ""): pre-petition debt written off (\(refund.id))"
        })
        return try await finish(refund.id, status: .writtenOff, method: "write_off", entry: posted.mainEntryID, detail: "pre-petition debt written off as ledger entry \(posted.mainEntryID)", context: context)
    }

    func assurance(for found: Settle_Accounts_V1_BankruptcyCase, customer: Settle_Accounts_V1_Customer, petition: LocalDate) async throws -> Settle_Refunds_V1_AssuranceDeposit {
        let policy = try await policy()
        var assurance = Settle_Refunds_V1_AssuranceDeposit()
        assurance.accountNumber = customer.accountNumbers.first ?? ""
        assurance.months = policy.assuranceMonths
        assurance.dueDate = petition.adding(days: found.chapter == 11 ? 30 : 20).description
        guard !assurance.accountNumber.isEmpty else { return assurance }
        let status = try await collections.getDepositStatus(.with { $0.accountNumber = assurance.accountNumber; $0.asOf = found.petitionDate })
        assurance.averageBillCents = Dollars.share(status.estimatedAnnualBillingCents, numerator: 1, denominator: 12)
        assurance.amountCents = assurance.averageBillCents * Int64(policy.assuranceMonths)
        assurance.basis = "\(policy.assuranceMonths) × average monthly bill \(Dollars.grouped(assurance.averageBillCents)) (estimated annual billing \(Dollars.grouped(status.estimatedAnnualBillingCents)) before \(found.petitionDate) ÷ 12, half-up); due \(found.chapter == 11 ? 30 : 20) days after the petition (chapter \(found.chapter))"
        return assurance
    }

    func view(customer: Settle_Accounts_V1_Customer, found: Settle_Accounts_V1_BankruptcyCase, asOf: LocalDate) async throws -> Settle_Refunds_V1_BankruptcyView {
        var view = Settle_Refunds_V1_BankruptcyView()
        view.caseNumber = found.caseNumber
        view.customerID = customer.id
        view.chapter = found.chapter
        view.court = found.court
        view.petitionDate = found.petitionDate
        view.status = found.status
        view.resolvedDate = found.resolvedDate
        view.accountNumbers = customer.accountNumbers
        view.asOf = asOf.description
        guard let petition = LocalDate(found.petitionDate) else { return view }
        if !customer.accountNumbers.isEmpty {
            let split = try await collections.getPetitionSplit(.with {
                $0.accountNumbers = customer.accountNumbers
                $0.petitionDate = found.petitionDate
                $0.asOf = asOf.description
                $0.resolvedDate = found.resolvedDate
            })
            for item in split.items {
                var line = Settle_Refunds_V1_ClaimLine()
                line.accountNumber = item.accountNumber
                line.entryID = item.entryID
                line.kind = item.kind
                line.billID = item.billID
                line.serviceStartDate = item.serviceStartDate
                line.serviceEndDate = item.serviceEndDate
                line.dueDate = item.dueDate
                line.originalCents = item.originalCents
                line.prePetitionCents = item.prePetitionCents
                line.openCents = item.openCents
                line.prePetition = item.prePetition
                line.split = item.prePetitionCents > 0 && item.prePetitionCents < item.originalCents
                if item.prePetition { view.claimLines.append(line) } else { view.postPetitionLines.append(line) }
            }
            view.prePetitionClaimCents = split.prePetitionOpenCents
            view.postPetitionOpenCents = split.postPetitionOpenCents
        }
        view.assurance = try await assurance(for: found, customer: customer, petition: petition)
        let (entry, written, dischargeID) = try await store.read { db -> (Int64, Int64, String) in
            let entry = try BankruptcyCaseStore.assuranceEntry(caseNumber: found.caseNumber, in: db)
            var written: Int64 = 0
            var id = ""
            for refund in try RefundStore.bankruptcyDischarges(caseNumber: found.caseNumber, in: db) {
                guard RefundStatus(rawValue: refund.status).map(RefundStatus.holding.contains) ?? false else { continue }
                id = refund.id
                if refund.status == RefundStatus.writtenOff.rawValue { written += refund.amountCents }
            }
            return (entry, written, id)
        }
        view.assurance.requested = entry != 0
        view.assurance.ledgerEntryID = UInt64(max(0, entry))
        view.writtenOffCents = written
        view.dischargeRefundID = dischargeID
        switch found.status {
        case "open": view.prePetitionOutcome = "stayed"
        case "discharged": view.prePetitionOutcome = written > 0 ? "written_off" : "discharge_pending"
        default: view.prePetitionOutcome = "collectible"
        }
        return view
    }
}
