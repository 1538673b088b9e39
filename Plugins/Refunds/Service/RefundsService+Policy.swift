import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The refunds policy and payees' bank details.
extension RefundsService {
    func getRefundPolicy(_ request: Settle_Refunds_V1_GetRefundPolicyRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundPolicy {
        try await policy()
    }

    func setRefundPolicy(_ request: Settle_Refunds_V1_SetRefundPolicyRequest, context: ServerContext) async throws -> Settle_Refunds_V1_RefundPolicy {
        let policy = request.policy
        guard policy.supervisorThresholdCents >= 0 else { throw RefundsError.invalid("policy.supervisor_threshold_cents", "must not be negative") }
        guard policy.minimumRefundCents >= 0 else { throw RefundsError.invalid("policy.minimum_refund_cents", "must not be negative") }
        guard (1...20).contains(policy.limitationYears) else { throw RefundsError.invalid("policy.limitation_years", "\(policy.limitationYears) is not 1 to 20 years") }
        guard (1...3_650).contains(policy.uncashedCheckDays) else { throw RefundsError.invalid("policy.uncashed_check_days", "\(policy.uncashedCheckDays) is not 1 to 3,650 days") }
        guard (1...12).contains(policy.assuranceMonths) else { throw RefundsError.invalid("policy.assurance_months", "\(policy.assuranceMonths) is not 1 to 12 months") }
        guard RoutingNumber.isValid(policy.originRouting) else { throw RefundsError.invalid("policy.origin_routing", "'\(policy.originRouting)' is not a routing number (9 digits, check digit)") }
        guard RoutingNumber.isValid(policy.destinationRouting) else { throw RefundsError.invalid("policy.destination_routing", "'\(policy.destinationRouting)' is not a routing number (9 digits, check digit)") }
        guard policy.companyID.count == 10 else { throw RefundsError.invalid("policy.company_id", "'\(policy.companyID)' is not 10 characters") }
        guard !policy.companyName.isEmpty else { throw RefundsError.invalid("policy.company_name", "the ACH originator's name is required") }
        return try await replacePolicy(
            request, key: request.idempotencyKey, context: context, entity: "refund-policy",
            load: { db in try RefundPolicyStore.load(in: db) }, change: { _ in policy },
            save: { policy, db in try RefundPolicyStore.save(policy, in: db) })
    }

    func setPayeeBank(_ request: Settle_Refunds_V1_SetPayeeBankRequest, context: ServerContext) async throws -> Settle_Refunds_V1_PayeeBank {
        var bank = request.bank
        guard RoutingNumber.isValid(bank.routingNumber) else { throw RefundsError.invalid("bank.routing_number", "'\(bank.routingNumber)' is not a routing number (9 digits, check digit)") }
        guard (4...17).contains(bank.bankAccount.count), bank.bankAccount.allSatisfy(\.isNumber) else {
            throw RefundsError.invalid("bank.bank_account", "a bank account is 4 to 17 digits")
        }
        if bank.accountType.isEmpty { bank.accountType = "checking" }
        guard ["checking", "savings"].contains(bank.accountType) else { throw RefundsError.invalid("bank.account_type", "'\(bank.accountType)' is not checking or savings") }
        let account = try await account(bank.accountNumber, field: "bank.account_number")
        if bank.name.isEmpty { bank.name = account.customerName }
        let saved = bank
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try BatchStore.bank(saved.accountNumber, in: db)
            try BatchStore.saveBank(saved, in: db)
            try audit.record(entity: "payee-bank/\(saved.accountNumber)", before: before.map { Self.masked($0).auditJSON } ?? "", after: Self.masked(saved).auditJSON)
            return Self.masked(saved)
        }
    }

    /// The bank details as every answer and audit record shows them: the account's last four digits.
    static func masked(_ bank: Settle_Refunds_V1_PayeeBank) -> Settle_Refunds_V1_PayeeBank {
        var shown = bank
        shown.bankAccount = mask(bank.bankAccount)
        return shown
    }

    static func mask(_ account: String) -> String { String(repeating: "*", count: max(0, account.count - 4)) + account.suffix(4) }
}
