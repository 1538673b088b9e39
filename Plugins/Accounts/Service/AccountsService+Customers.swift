import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Customers: who they are and how to reach them.
extension AccountsService {
    func createCustomer(_ request: Settle_Accounts_V1_CreateCustomerRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let kind = try CustomerKind.parseKind(request.kind, field: "kind")
        let name = try FieldRules.requiredText(request.name, field: "name")
        let contact = try FieldRules.contact(request.contact)
        let flags = try FieldRules.flags(request.flags, field: "flags")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let id = try CustomerRecords.insert(kind: kind, name: name, contact: contact, in: db)
            try CustomerRecords.setFlags(id, add: flags, remove: [], in: db)
            let customer = try CustomerRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.customer(id), after: AuditEntity.json(customer))
            return Self.customerResponse(customer)
        }.response
    }

    func updateCustomer(_ request: Settle_Accounts_V1_UpdateCustomerRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let id = try Identifiers.parseCustomerID(request.customerID)
        let kind = try request.hasKind ? CustomerKind.parseKind(request.kind, field: "kind") : nil
        let name = try request.hasName ? FieldRules.requiredText(request.name, field: "name") : nil
        let contact = try request.hasContact ? FieldRules.contact(request.contact) : nil
        guard kind != nil || name != nil || contact != nil else {
            throw AccountsError.invalidArgument("nothing to update: give kind, name or contact")
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try CustomerRecords.load(id, in: db)
            try CustomerRecords.update(
                id, kind: kind?.rawValue ?? before.kind, name: name ?? before.name, contact: contact ?? before.contact, in: db)
            let after = try CustomerRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.customer(id), before: AuditEntity.json(Self.core(before)), after: AuditEntity.json(Self.core(after)))
            return Self.customerResponse(after)
        }.response
    }

    func setCustomerFlags(_ request: Settle_Accounts_V1_SetCustomerFlagsRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        let id = try Identifiers.parseCustomerID(request.customerID)
        let add = try FieldRules.flags(request.add, field: "add")
        let remove = try FieldRules.flags(request.remove, field: "remove")
        if add.isEmpty && remove.isEmpty { throw AccountsError.invalidArgument("nothing to change: give flags to add or remove") }
        if let both = Set(add).intersection(remove).sorted().first {
            throw AccountsError.invalidArgument("flag '\(both)' is both in add and in remove")
        }
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let before = try CustomerRecords.load(id, in: db)
            try CustomerRecords.setFlags(id, add: add, remove: remove, in: db)
            let after = try CustomerRecords.load(id, in: db)
            try audit.record(entity: AuditEntity.customer(id), before: AuditEntity.json(Self.core(before)), after: AuditEntity.json(Self.core(after)))
            return Self.customerResponse(after)
        }.response
    }

    func getCustomer(_ request: Settle_Accounts_V1_GetCustomerRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CustomerResponse {
        if request.customerID.isEmpty, !request.bankruptcyCaseNumber.isEmpty {
            let caseNumber = request.bankruptcyCaseNumber
            return try await store.read { db in
                let found = try BankruptcyRecords.customers(caseNumber: caseNumber, in: db)
                guard let only = found.first else {
                    throw AccountsError.notFound("bankruptcy_case_number: no customer has a bankruptcy case \(caseNumber)")
                }
                guard found.count == 1 else {
                    let names = found.map(Identifiers.customerID).joined(separator: ", ")
                    throw AccountsError.failedPrecondition("bankruptcy_case_number: case \(caseNumber) is recorded for customers \(names); name the customer")
                }
                return Self.customerResponse(try CustomerRecords.load(only, in: db))
            }
        }
        let id = try Identifiers.parseCustomerID(request.customerID)
        return try await store.read { db in Self.customerResponse(try CustomerRecords.load(id, in: db)) }
    }

    func listCustomers(_ request: Settle_Accounts_V1_ListCustomersRequest, context: ServerContext) async throws -> Settle_Accounts_V1_ListCustomersResponse {
        let paging = try Paging(pageSize: request.pageSize, pageToken: request.pageToken, scope: "customers", defaultSize: 100, maximumSize: 1_000)
        let after = try paging.afterInteger()
        let text = try FieldRules.optionalText(request.nameContains, field: "name_contains")
        let expiring = try Self.exemptionExpiry(request)
        let rows = try await store.read { db in
            try CustomerRecords.list(nameContains: text, exemptionExpiring: expiring, after: after, limit: paging.limit + 1, in: db)
        }
        var response = Settle_Accounts_V1_ListCustomersResponse()
        response.customers = Array(rows.prefix(paging.limit))
        if rows.count > paging.limit, let last = response.customers.last {
            response.nextPageToken = Paging.token(scope: "customers", lastKey: String(try Identifiers.parseCustomerID(last.id)))
        }
        return response
    }

    /// The days a listed customer's exemption must expire within, when the request names them.
    private static func exemptionExpiry(_ request: Settle_Accounts_V1_ListCustomersRequest) throws -> ClosedRange<String>? {
        try LocalDate.parseRange(
            from: request.taxExemptionExpiringFrom, fromField: "tax_exemption_expiring_from",
            to: request.taxExemptionExpiringTo, toField: "tax_exemption_expiring_to"
        ).map { $0.lowerBound.description...$0.upperBound.description }
    }

    func getCustomers(_ request: Settle_Accounts_V1_GetCustomersRequest, context: ServerContext) async throws -> Settle_Accounts_V1_GetCustomersResponse {
        guard request.customerIds.count <= 5_000 else {
            throw AccountsError.invalidArgument("customer_ids has \(request.customerIds.count) ids; ask for at most 5000 a call")
        }
        var seen = Set<String>()
        var ids: [(text: String, id: Int64?)] = []
        for text in request.customerIds where seen.insert(text).inserted {
            ids.append((text, try? Identifiers.parseCustomerID(text)))
        }
        let wanted = ids
        if request.view == .protections {
            return try await store.read { db in try CustomerRecords.protections(wanted, in: db) }
        }
        return try await store.read { db in
            var response = Settle_Accounts_V1_GetCustomersResponse()
            for (text, id) in wanted {
                guard let id, try CustomerRecords.exists(id, in: db) else {
                    response.notFound.append(text)
                    continue
                }
                response.customers.append(try CustomerRecords.load(id, in: db))
            }
            return response
        }
    }

    static func customerResponse(_ customer: CustomerMessage) -> Settle_Accounts_V1_CustomerResponse {
        var response = Settle_Accounts_V1_CustomerResponse()
        response.customer = customer
        return response
    }

    /// The customer's own fields (no certificates or accounts): what an update audits.
    static func core(_ customer: CustomerMessage) -> CustomerMessage {
        var core = CustomerMessage()
        core.id = customer.id
        core.kind = customer.kind
        core.name = customer.name
        core.contact = customer.contact
        core.flags = customer.flags
        return core
    }
}
