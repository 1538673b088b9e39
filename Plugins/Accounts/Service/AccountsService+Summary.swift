import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The one-screen account summary a specialist works from.
extension AccountsService {
    static let defaultActivity = 20
    static let maximumActivity = 200

    func getAccountSummary(_ request: Settle_Accounts_V1_GetAccountSummaryRequest, context: ServerContext) async throws -> Settle_Accounts_V1_GetAccountSummaryResponse {
        let number = try Identifiers.parseAccountNumber(request.accountNumber)
        let asOf = try LocalDate.parseOptional(request.asOf, field: "as_of") ?? LocalDate.today(in: timeZone)
        let limit = request.activityLimit == 0 ? Self.defaultActivity : min(Int(request.activityLimit), Self.maximumActivity)
        return try await store.read { db in
            var summary = Settle_Accounts_V1_GetAccountSummaryResponse()
            summary.asOf = asOf.description
            summary.account = try AccountRecords.load(number, in: db)
            let customerID = try AccountRecords.customerRowID(of: number, in: db)
            summary.customer = try CustomerRecords.load(customerID, in: db)
            let agreements = try AgreementRecords.forAccount(number, in: db)
            var premiseOrder: [String] = []
            var byPremise: [String: [AgreementMessage]] = [:]
            for agreement in agreements {
                if byPremise[agreement.premiseID] == nil { premiseOrder.append(agreement.premiseID) }
                byPremise[agreement.premiseID, default: []].append(agreement)
            }
            summary.premises = try premiseOrder.map { id in
                var entry = Settle_Accounts_V1_PremiseService()
                entry.premise = try PremiseRecords.load(id, in: db)
                entry.agreements = byPremise[id] ?? []
                return entry
            }
            summary.exemptionsInForce = try CertificateRecords.exemptions(customer: customerID, taxType: nil, on: asOf, in: db)
            summary.criticalCareInForce = try CertificateRecords.criticalCare(customer: customerID, on: asOf, in: db)
            summary.openBankruptcyCases = summary.customer.bankruptcyCases.filter { $0.status == BankruptcyStatus.open.rawValue }
            summary.alerts = SummaryAlerts.alerts(for: summary, agreements: agreements, asOf: asOf)
            var entities = [AuditEntity.account(number), AuditEntity.customer(customerID)]
            entities += premiseOrder.map(AuditEntity.premise)
            entities += agreements.map { AuditEntity.agreement($0.id) }
            summary.recentActivity = try Self.recentActivity(entities: entities, limit: limit, in: db)
            return summary
        }
    }

    /// The newest `limit` audit records of any of `entities`, oldest first.
    static func recentActivity(entities: [String], limit: Int, in db: Database) throws -> [Settle_Accounts_V1_ActivityRecord] {
        var records: [AuditRecord] = []
        for entity in entities {
            records += try AuditLog.records(entity: entity, limit: limit, in: db)
        }
        return records.sorted { $0.sequence < $1.sequence }.suffix(limit).map { record in
            var activity = Settle_Accounts_V1_ActivityRecord()
            activity.sequence = record.sequence
            activity.at = record.at
            activity.actor = record.actor
            activity.method = String(record.method.split(separator: "/").last ?? Substring(record.method))
            activity.entity = record.entity
            activity.reason = record.reason
            activity.before = record.before
            activity.after = record.after
            return activity
        }
    }
}
