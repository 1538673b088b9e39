import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Move-out: service ends on a date, the agreements wait for their final bill, the account
/// goes final when nothing active remains, and Metering is asked for final reads.
extension AccountsService {
    func moveOut(_ request: Settle_Accounts_V1_MoveOutRequest, context: ServerContext) async throws -> Settle_Accounts_V1_MoveOutResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        let date = try LocalDate.parse(request.date, field: "date")
        let premise = try request.premiseID.isEmpty ? nil : Identifiers.parsePremiseID(request.premiseID)
        var services = Set<ServiceType>()
        for (index, text) in request.serviceTypes.enumerated() {
            services.insert(try ServiceType.parse(text, field: "service_types[\(index)]"))
        }
        let only = services
        let result = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let accountBefore = try AccountRecords.load(number, in: db)
            guard accountBefore.status == AccountStatus.active.rawValue else {
                throw AccountsError.failedPrecondition("account \(number) is \(accountBefore.status); only an active account can move out")
            }
            let all = try AgreementRecords.forAccount(number, in: db)
            let ending = all.filter { agreement in
                agreement.status == AgreementStatus.active.rawValue
                    && (premise == nil || agreement.premiseID == premise)
                    && (only.isEmpty || only.contains { $0.rawValue == agreement.serviceType })
            }
            if ending.isEmpty {
                let scope = [premise.map { "at premise \($0)" }, only.isEmpty ? nil : "for " + only.map(\.rawValue).sorted().joined(separator: ", ")]
                    .compactMap { $0 }.joined(separator: " ")
                throw AccountsError.failedPrecondition("account \(number) has no active agreement\(scope.isEmpty ? "" : " " + scope) to move out of")
            }
            var response = Settle_Accounts_V1_MoveOutResponse()
            for agreement in ending {
                if date.description < agreement.startDate {
                    throw AccountsError.before("date", date, "agreement \(agreement.id) (\(agreement.serviceType) at \(agreement.premiseID)) started (\(agreement.startDate))")
                }
                try AgreementRecords.end(Int64(agreement.id), on: date, in: db)
                let after = try AgreementRecords.load(Int64(agreement.id), in: db)
                try audit.record(entity: AuditEntity.agreement(agreement.id), before: AuditEntity.json(agreement), after: AuditEntity.json(after))
                response.agreements.append(after)
            }
            if all.count(where: { $0.status == AgreementStatus.active.rawValue }) == ending.count {
                try AccountRecords.setFinal(number, on: date, in: db)
                let accountAfter = try AccountRecords.load(number, in: db)
                try audit.record(entity: AuditEntity.account(number), before: AuditEntity.json(accountBefore), after: AuditEntity.json(accountAfter))
                response.accountFinaled = true
            }
            response.agreements = try response.agreements.map { try AgreementRecords.load(Int64($0.id), in: db) }
            response.account = try AccountRecords.load(number, in: db)
            return response
        }
        var response = result.response
        response.readRequests = await reads.request(
            .final, for: response.agreements, date: date.description,
            moveKey: effectiveKey(request.idempotencyKey, context: context), reason: "move-out account \(number)")
        return response
    }
}
