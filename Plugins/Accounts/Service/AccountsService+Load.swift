import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC

/// The conversion load: a utility's customers, premises, accounts and agreements from the
/// system Settle replaces, thousands per call, each record idempotent by its external id.
extension AccountsService {
    /// Most records one call may carry: enough for few calls, small enough for one message.
    static let maxLoadRecords = 5_000

    func loadAccounts(_ request: Settle_Accounts_V1_LoadAccountsRequest, context: ServerContext) async throws -> Settle_Accounts_V1_LoadAccountsResponse {
        guard request.records.count <= Self.maxLoadRecords else {
            throw AccountsError.invalidArgument("records has \(request.records.count) entries; send at most \(Self.maxLoadRecords) a call")
        }
        // Field checks first, so a bad record is named without touching the store.
        var plans: [(position: Int, plan: LoadRecordPlan)] = []
        var rejected: [Settle_Accounts_V1_RejectedRecord] = []
        var seen = Set<String>()
        for (position, record) in request.records.enumerated() {
            do {
                let plan = try LoadRecordPlan(record)
                guard seen.insert(plan.externalID).inserted else {
                    throw AccountsError.invalidArgument("external_id \(plan.externalID) appears twice in this call")
                }
                plans.append((position, plan))
            } catch let error as RPCError {
                rejected.append(Self.rejection(position: position, externalID: record.externalID, reason: error.message))
            }
        }
        let checked = plans
        let fieldRejections = rejected
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Accounts_V1_LoadAccountsResponse()
            var rejections = fieldRejections
            for (position, plan) in checked {
                if let earlier = try ConversionRecords.loaded(plan.externalID, in: db) {
                    response.accounts.append(earlier)
                    response.alreadyLoaded += 1
                    continue
                }
                do {
                    var loaded: Settle_Accounts_V1_LoadedAccount?
                    try db.inSavepoint {
                        loaded = try Self.load(plan, in: db, audit: audit)
                        return .commit
                    }
                    if let loaded {
                        response.accounts.append(loaded)
                        response.loaded += 1
                    }
                } catch let error as RPCError {
                    rejections.append(Self.rejection(position: position, externalID: plan.externalID, reason: error.message))
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    rejections.append(Self.rejection(position: position, externalID: plan.externalID, reason: "conflicts with stored data: \(error.message ?? "constraint failed")"))
                }
            }
            response.rejected = rejections.sorted { $0.position < $1.position }
            return response
        }.response
    }

    private static func rejection(position: Int, externalID: String, reason: String) -> Settle_Accounts_V1_RejectedRecord {
        var rejected = Settle_Accounts_V1_RejectedRecord()
        rejected.position = UInt32(position)
        rejected.externalID = externalID
        rejected.reason = reason
        return rejected
    }

    /// Creates one record's customer, premise (unless it exists), account, agreements and
    /// certificates, with one audit record naming everything it created.
    private static func load(_ plan: LoadRecordPlan, in db: Database, audit: AuditTrail) throws -> Settle_Accounts_V1_LoadedAccount {
        let customer = try CustomerRecords.insert(kind: plan.kind, name: plan.name, contact: plan.contact, in: db)
        if !plan.flags.isEmpty { try CustomerRecords.setFlags(customer, add: plan.flags, remove: [], in: db) }
        let premiseExists = try PremiseRecords.exists(plan.premiseID, in: db)
        if !premiseExists {
            guard let address = plan.serviceAddress else {
                throw AccountsError.invalidArgument("premise \(plan.premiseID) does not exist yet: give its service_address")
            }
            _ = try PremiseRecords.insert(id: plan.premiseID, address: address, weatherZone: plan.weatherZone, type: plan.premiseType, in: db)
        }
        let mailing = plan.contact.hasMailingAddress ? plan.contact.mailingAddress : (plan.serviceAddress ?? AddressMessage())
        let number = try AccountRecords.insert(
            customer: customer, billCycle: plan.cycle, address: mailing, depositCents: plan.depositCents, opened: plan.opened, in: db)
        var agreements: [UInt64] = []
        for service in plan.services {
            try AgreementRules.checkCanStart(premise: plan.premiseID, service: service.type, on: plan.start, in: db)
            let id = try AgreementRecords.insert(
                account: number, premise: plan.premiseID, service: service.type, rateSchedule: service.rateSchedule,
                rateClass: service.rateClass, start: plan.start, in: db)
            agreements.append(UInt64(id))
        }
        for exemption in plan.exemptions {
            _ = try CertificateRecords.insertTaxExemption(
                customer: customer, taxType: exemption.taxType, certificate: exemption.certificate,
                effective: exemption.effective, expiry: exemption.expiry, in: db)
        }
        for certification in plan.criticalCare {
            _ = try CertificateRecords.insertCriticalCare(
                customer: customer, certifiedBy: certification.certifiedBy, effective: certification.effective,
                expiry: certification.expiry, note: certification.note, in: db)
        }
        let ids = agreements.map(String.init).joined(separator: ",")
        try ConversionRecords.insert(externalID: plan.externalID, customer: customer, account: number, agreements: ids, in: db)
        var loaded = Settle_Accounts_V1_LoadedAccount()
        loaded.externalID = plan.externalID
        loaded.customerID = Identifiers.customerID(customer)
        loaded.accountNumber = String(number)
        loaded.agreementIds = agreements
        try audit.record(
            entity: AuditEntity.account(number),
            after: #"{"loaded":"\#(plan.externalID)","customer":"\#(loaded.customerID)","premise":"\#(plan.premiseID)","agreements":[\#(ids)],"premise_created":\#(!premiseExists)}"#)
        return loaded
    }
}
