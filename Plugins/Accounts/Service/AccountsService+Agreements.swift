import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Service agreements: starting one directly, recording its final bill, and the listings
/// Metering and Rating read a whole bill cycle through.
extension AccountsService {
    /// The largest page `ListServiceAgreements` returns: a cycle of 100,000 agreements in ten calls.
    static let maximumAgreementPage = 10_000

    /// Starts an agreement without a move-in (adding a service, converting records). It
    /// requests no start read: a move-in onto the account does, when one is needed.
    func startServiceAgreement(_ request: Settle_Accounts_V1_StartServiceAgreementRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ServiceAgreementResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        let premise = try Identifiers.parsePremiseID(request.premiseID)
        let service = try ServiceType.parse(request.serviceType, field: "service_type")
        let schedule = try FieldRules.rateSchedule(request.rateSchedule, field: "rate_schedule")
        let rateClass = try RateClass.parse(request.rateClass, field: "rate_class")
        let start = try LocalDate.parse(request.startDate, field: "start_date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let account = try AccountRecords.load(number, in: db)
            try AgreementRules.checkAccountActive(account)
            try AgreementRules.checkStart(start, account: account, field: "start_date")
            _ = try PremiseRecords.load(premise, in: db)
            try AgreementRules.checkCanStart(premise: premise, service: service, on: start, in: db)
            let id = try AgreementRecords.insert(
                account: number, premise: premise, service: service, rateSchedule: schedule, rateClass: rateClass, start: start, in: db)
            let agreement = try AgreementRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.agreement(agreement.id), after: AuditEntity.json(agreement))
            return Self.agreementResponse(agreement)
        }.response
    }

    func completeFinalBill(_ request: Settle_Accounts_V1_CompleteFinalBillRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ServiceAgreementResponse {
        let id = try Identifiers.requireID(request.agreementID, field: "agreement_id")
        let billed = try LocalDate.parse(request.billedDate, field: "billed_date")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try AgreementRecords.load(id, in: db)
            guard before.status == AgreementStatus.pendingFinal.rawValue else {
                throw AccountsError.failedPrecondition("agreement \(id) is \(before.status); only a pending_final agreement (moved out) takes a final bill")
            }
            if billed.description < before.endDate {
                throw AccountsError.before("billed_date", billed, "the agreement's last day of service (\(before.endDate))")
            }
            try AgreementRecords.markFinalBilled(id, on: billed, in: db)
            let after = try AgreementRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.agreement(after.id), before: AuditEntity.json(before), after: AuditEntity.json(after))
            return Self.agreementResponse(after)
        }.response
    }

    func getServiceAgreement(_ request: Settle_Accounts_V1_GetServiceAgreementRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ServiceAgreementResponse {
        let id = try Identifiers.requireID(request.agreementID, field: "agreement_id")
        return try await store.read { db in Self.agreementResponse(try AgreementRecords.load(id, in: db)) }
    }

    func listServiceAgreements(
        _ request: Settle_Accounts_V1_ListServiceAgreementsRequest, context: ServerContext
    ) async throws -> Settle_Accounts_V1_ListServiceAgreementsResponse {
        let paging = try Paging(
            pageSize: request.pageSize, pageToken: request.pageToken, scope: "agreements", defaultSize: 1_000, maximumSize: Self.maximumAgreementPage)
        let after = try paging.afterInteger()
        let query = try Self.agreementFilter(request)
        let rows = try await store.read { db in try AgreementRecords.list(query, after: after, limit: paging.limit + 1, in: db) }
        var response = Settle_Accounts_V1_ListServiceAgreementsResponse()
        response.agreements = Array(rows.prefix(paging.limit))
        if rows.count > paging.limit, let last = response.agreements.last {
            response.nextPageToken = Paging.token(scope: "agreements", lastKey: String(last.id))
        }
        return response
    }

    /// The listing's filters, each checked and naming its field when wrong.
    static func agreementFilter(_ request: Settle_Accounts_V1_ListServiceAgreementsRequest) throws -> AgreementRecords.Filter {
        var filter = AgreementRecords.Filter()
        if request.billCycle != 0 { filter.billCycle = try FieldRules.billCycle(request.billCycle) }
        if !request.premiseID.isEmpty { filter.premise = try Identifiers.parsePremiseID(request.premiseID) }
        if !request.accountNumber.isEmpty { filter.account = try Identifiers.parseAccountNumber(request.accountNumber) }
        if request.accountNumbers.count > 5_000 {
            throw AccountsError.invalidArgument("account_numbers has \(request.accountNumbers.count) entries; give at most 5000")
        }
        filter.accounts = try request.accountNumbers.map { number throws(RPCError) in try Identifiers.parseAccountNumber(number, field: "account_numbers") }
        filter.statuses = try request.statuses.map { status throws(RPCError) in try AgreementStatus.parse(status, field: "statuses") }
        if !request.serviceType.isEmpty { filter.service = try ServiceType.parse(request.serviceType, field: "service_type") }
        if !request.rateClass.isEmpty { filter.rateClass = try RateClass.parse(request.rateClass, field: "rate_class") }
        filter.inService = try LocalDate.parseRange(
            from: request.inServiceFrom, fromField: "in_service_from", to: request.inServiceTo, toField: "in_service_to")
        return filter
    }

    static func agreementResponse(_ agreement: AgreementMessage) -> Settle_Accounts_V1_ServiceAgreementResponse {
        var response = Settle_Accounts_V1_ServiceAgreementResponse()
        response.agreement = agreement
        return response
    }
}
