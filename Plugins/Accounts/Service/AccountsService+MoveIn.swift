import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Move-in: service starts at a premise for an account on a date, and Metering is asked
/// for a start read of each service.
extension AccountsService {
    func moveIn(_ request: Settle_Accounts_V1_MoveInRequest, context: ServerContext) async throws -> Settle_Accounts_V1_MoveInResponse {
        let plan = try MoveInPlan(request)
        let result = try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let premise = try PremiseRecords.load(plan.premise, in: db)
            var response = Settle_Accounts_V1_MoveInResponse()
            let number: Int64
            switch plan.account {
            case .existing(let existing):
                let account = try AccountRecords.load(existing, in: db)
                try AgreementRules.checkAccountActive(account)
                try AgreementRules.checkStart(plan.date, account: account, field: "date")
                number = existing
            case .open(let customer, let cycle, let address, let deposit):
                let owner = try CustomerRecords.load(customer, in: db)
                let mailing = try Self.mailingAddress(address, customer: owner, fallback: premise.serviceAddress)
                number = try AccountRecords.insert(customer: customer, billCycle: cycle, address: mailing, depositCents: deposit, opened: plan.date, in: db)
                try audit.record(entity: AuditEntity.account(number), after: AuditEntity.json(try AccountRecords.load(number, in: db)))
                response.accountOpened = true
            }
            for service in plan.services {
                try AgreementRules.checkCanStart(premise: plan.premise, service: service.type, on: plan.date, in: db)
                let id = try AgreementRecords.insert(
                    account: number, premise: plan.premise, service: service.type, rateSchedule: service.rateSchedule,
                    rateClass: service.rateClass, start: plan.date, in: db)
                let agreement = try AgreementRecords.load(id, in: db)
                try audit.record(entity: AuditEntity.agreement(agreement.id), after: AuditEntity.json(agreement))
                response.agreements.append(agreement)
            }
            // Reload so vacancy reflects every agreement just started.
            response.agreements = try response.agreements.map { try AgreementRecords.load(Int64($0.id), in: db) }
            response.account = try AccountRecords.load(number, in: db)
            return response
        }
        var response = result.response
        response.readRequests = await reads.request(
            .start, for: response.agreements, date: plan.date.description,
            moveKey: effectiveKey(request.idempotencyKey, context: context), reason: "move-in account \(response.account.number)")
        return response
    }
}

/// A move-in request, checked field by field before anything is stored.
struct MoveInPlan: Sendable {
    /// The account service starts on: an existing one, or one opened by this move-in.
    enum AccountChoice: Sendable {
        case existing(Int64)
        case open(customer: Int64, cycle: Int, mailing: AddressMessage?, depositCents: Int64)
    }

    struct Service: Sendable {
        let type: ServiceType
        let rateSchedule: String
        let rateClass: RateClass
    }

    let premise: String
    let date: LocalDate
    let services: [Service]
    let account: AccountChoice

    init(_ request: Settle_Accounts_V1_MoveInRequest) throws {
        premise = try Identifiers.parsePremiseID(request.premiseID)
        date = try LocalDate.parse(request.date, field: "date")
        if request.services.isEmpty {
            throw AccountsError.invalidArgument("services is empty: give at least one service (service_type, rate_schedule, rate_class) to start")
        }
        var seen = Set<ServiceType>()
        var services: [Service] = []
        for (index, service) in request.services.enumerated() {
            let type = try ServiceType.parse(service.serviceType, field: "services[\(index)].service_type")
            guard seen.insert(type).inserted else {
                throw AccountsError.invalidArgument("services[\(index)].service_type \(type.rawValue) appears twice; one agreement per service")
            }
            services.append(Service(
                type: type,
                rateSchedule: try FieldRules.rateSchedule(service.rateSchedule, field: "services[\(index)].rate_schedule"),
                rateClass: try RateClass.parse(service.rateClass, field: "services[\(index)].rate_class")))
        }
        self.services = services
        if !request.accountNumber.isEmpty {
            let openingFields = !request.customerID.isEmpty || request.billCycle != 0 || request.hasMailingAddress || request.depositCents != 0
            if openingFields {
                throw AccountsError.invalidArgument("account_number names an existing account: leave customer_id, bill_cycle, mailing_address and deposit_cents empty (they are for opening a new one)")
            }
            account = .existing(try Identifiers.parseAccountNumber(request.accountNumber))
        } else {
            if request.customerID.isEmpty {
                throw AccountsError.invalidArgument("give account_number (an existing account) or customer_id and bill_cycle (to open one)")
            }
            account = .open(
                customer: try Identifiers.parseCustomerID(request.customerID),
                cycle: try FieldRules.billCycle(request.billCycle),
                mailing: try FieldRules.address(request.mailingAddress, field: "mailing_address", required: false),
                depositCents: try FieldRules.depositCents(request.depositCents))
        }
    }
}
