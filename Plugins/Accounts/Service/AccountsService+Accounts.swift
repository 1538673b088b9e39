import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Accounts: opening, the fields a specialist maintains, status, and lookups.
extension AccountsService {
    func openAccount(_ request: Settle_Accounts_V1_OpenAccountRequest, context: ServerContext) async throws -> Settle_Accounts_V1_AccountResponse {
        let customer = try Identifiers.parseCustomerID(request.customerID)
        let cycle = try FieldRules.billCycle(request.billCycle)
        let address = try FieldRules.address(request.mailingAddress, field: "mailing_address", required: false)
        let deposit = try FieldRules.depositCents(request.depositCents)
        let opened = try LocalDate.parse(request.openedDate, field: "opened_date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let owner = try CustomerRecords.load(customer, in: db)
            let mailing = try Self.mailingAddress(address, customer: owner, fallback: nil)
            let number = try AccountRecords.insert(customer: customer, billCycle: cycle, address: mailing, depositCents: deposit, opened: opened, in: db)
            let account = try AccountRecords.load(number, in: db)
            try audit.record(entity: AuditEntity.account(number), after: AuditEntity.json(account))
            return Self.accountResponse(account)
        }.response
    }

    func updateAccount(_ request: Settle_Accounts_V1_UpdateAccountRequest, context: ServerContext) async throws -> Settle_Accounts_V1_AccountResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        let cycle = try request.hasBillCycle ? UInt32(FieldRules.billCycle(request.billCycle)) : nil
        let address = try request.hasMailingAddress
            ? FieldRules.address(request.mailingAddress, field: "mailing_address", required: true) : nil
        let deposit = try request.hasDepositCents ? FieldRules.depositCents(request.depositCents) : nil
        guard cycle != nil || address != nil || deposit != nil else {
            throw AccountsError.invalidArgument("nothing to update: give bill_cycle, mailing_address or deposit_cents")
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try AccountRecords.load(number, in: db)
            if before.status == AccountStatus.closed.rawValue {
                throw AccountsError.failedPrecondition("account \(number) is closed (\(before.closedDate)); a closed account is not changed")
            }
            try AccountRecords.update(
                number, billCycle: cycle ?? before.billCycle, address: address ?? before.mailingAddress,
                depositCents: deposit ?? before.depositCents, in: db)
            let after = try AccountRecords.load(number, in: db)
            try audit.record(entity: AuditEntity.account(number), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.accountResponse(after)
        }.response
    }

    func changeAccountStatus(_ request: Settle_Accounts_V1_ChangeAccountStatusRequest, context: ServerContext) async throws -> Settle_Accounts_V1_AccountResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        let target = try AccountStatus.parse(request.status, field: "status")
        let date = try LocalDate.parse(request.date, field: "date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try AccountRecords.load(number, in: db)
            let current = try AccountStatus.parse(before.status, field: "status")
            try AccountLifecycle.checkTransition(account: before.number, from: current, to: target)
            let agreements = try AgreementRecords.forAccount(number, in: db)
            switch target {
            case .final:
                let active = agreements.filter { $0.status == AgreementStatus.active.rawValue }
                if !active.isEmpty {
                    let list = active.map { "\($0.serviceType) at \($0.premiseID)" }.joined(separator: ", ")
                    throw AccountsError.failedPrecondition("account \(number) still has \(active.count) active agreement(s) (\(list)); move out first")
                }
                if date.description < before.openedDate {
                    throw AccountsError.before("date", date, "account \(number) was opened (\(before.openedDate))")
                }
                try AccountRecords.setFinal(number, on: date, in: db)
            case .closed:
                if let waiting = agreements.first(where: { $0.status == AgreementStatus.pendingFinal.rawValue }) {
                    throw AccountsError.failedPrecondition("account \(number) cannot close: agreement \(waiting.id) (\(waiting.serviceType) at \(waiting.premiseID)) still waits for its final bill")
                }
                if date.description < before.finalDate {
                    throw AccountsError.before("date", date, "account \(number) went final (\(before.finalDate))")
                }
                try AccountRecords.setClosed(number, on: date, in: db)
            case .active:
                break
            }
            let after = try AccountRecords.load(number, in: db)
            try audit.record(entity: AuditEntity.account(number), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.accountResponse(after)
        }.response
    }

    func getAccount(_ request: Settle_Accounts_V1_GetAccountRequest, context: ServerContext) async throws -> Settle_Accounts_V1_AccountResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        return try await store.read { db in Self.accountResponse(try AccountRecords.load(number, in: db)) }
    }

    func listAccounts(_ request: Settle_Accounts_V1_ListAccountsRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ListAccountsResponse {
        let paging = try Paging(pageSize: request.pageSize, pageToken: request.pageToken, scope: "accounts", defaultSize: 1_000, maximumSize: 10_000)
        let after = try paging.afterInteger()
        var filter = AccountRecords.Filter()
        if request.billCycle != 0 { filter.billCycle = try FieldRules.billCycle(request.billCycle) }
        if !request.status.isEmpty { filter.status = try AccountStatus.parse(request.status, field: "status") }
        if !request.customerID.isEmpty { filter.customer = try Identifiers.parseCustomerID(request.customerID) }
        if !request.premiseID.isEmpty { filter.premise = try Identifiers.parsePremiseID(request.premiseID) }
        if !request.rateClass.isEmpty { filter.rateClass = try RateClass.parse(request.rateClass, field: "rate_class") }
        if request.accountNumbers.count > 5_000 {
            throw AccountsError.invalidArgument("account_numbers has \(request.accountNumbers.count) entries; give at most 5000")
        }
        filter.numbers = try request.accountNumbers.map { number throws(RPCError) in try Identifiers.parseAccountNumber(number, field: "account_numbers") }
        let query = filter
        let rows = try await store.read { db in try AccountRecords.list(query, after: after, limit: paging.limit + 1, in: db) }
        var response = Settle_Accounts_V1_ListAccountsResponse()
        response.accounts = Array(rows.prefix(paging.limit))
        if rows.count > paging.limit, let last = response.accounts.last {
            response.nextPageToken = Paging.token(scope: "accounts", lastKey: last.number)
        }
        return response
    }

    /// The address to mail an account's bills to: the one given, else the customer's, else
    /// `fallback` (a move-in's service address); INVALID_ARGUMENT when there is none.
    static func mailingAddress(_ given: AddressMessage?, customer: CustomerMessage, fallback: AddressMessage?) throws -> AddressMessage {
        if let given { return given }
        if customer.contact.hasMailingAddress { return customer.contact.mailingAddress }
        if let fallback { return fallback }
        throw AccountsError.invalidArgument("mailing_address is required: customer \(customer.id) has no mailing address on file")
    }

    static func accountResponse(_ account: AccountMessage) -> Settle_Accounts_V1_AccountResponse {
        var response = Settle_Accounts_V1_AccountResponse()
        response.account = account
        return response
    }
}
