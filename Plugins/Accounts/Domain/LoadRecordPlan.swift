import SettleContracts
import SettleDomain
import SettleRPC

/// One conversion-load record, checked field by field before anything is stored, so a
/// rejection names the field that was wrong.
struct LoadRecordPlan: Sendable {
    struct Exemption: Sendable {
        let taxType: String
        let certificate: String
        let effective: LocalDate
        let expiry: LocalDate?
    }

    struct CriticalCare: Sendable {
        let certifiedBy: String
        let effective: LocalDate
        let expiry: LocalDate
        let note: String
    }

    let externalID: String
    let kind: CustomerKind
    let name: String
    let contact: ContactMessage
    let flags: [String]
    let premiseID: String
    let serviceAddress: AddressMessage?
    let weatherZone: String
    let premiseType: PremiseType
    let cycle: Int
    let opened: LocalDate
    let depositCents: Int64
    let start: LocalDate
    let services: [MoveInPlan.Service]
    let exemptions: [Exemption]
    let criticalCare: [CriticalCare]

    init(_ record: Settle_Accounts_V1_LoadAccountRecord) throws {
        externalID = try FieldRules.requiredText(record.externalID, field: "external_id", maxLength: 64)
        kind = try CustomerKind.parseKind(record.customerKind, field: "customer_kind")
        name = try FieldRules.requiredText(record.customerName, field: "customer_name")
        contact = try FieldRules.contact(record.contact)
        flags = try FieldRules.flags(record.flags, field: "flags")
        premiseID = try Identifiers.parsePremiseID(record.premiseID)
        serviceAddress = try FieldRules.address(record.serviceAddress, field: "service_address", required: false)
        weatherZone = try FieldRules.kebab(record.weatherZone, field: "weather_zone", example: "north")
        premiseType = try PremiseType.parse(record.premiseType, field: "premise_type")
        cycle = try FieldRules.billCycle(record.billCycle)
        depositCents = try FieldRules.depositCents(record.depositCents)
        start = try LocalDate.parse(record.serviceStartDate, field: "service_start_date")
        opened = try record.openedDate.isEmpty ? start : LocalDate.parse(record.openedDate, field: "opened_date")
        if start < opened {
            throw AccountsError.before("service_start_date", start, "opened_date \(opened)")
        }
        if record.services.isEmpty {
            throw AccountsError.invalidArgument("services is empty: a loaded account takes at least one service")
        }
        var seen = Set<ServiceType>()
        var services: [MoveInPlan.Service] = []
        for (index, service) in record.services.enumerated() {
            let type = try ServiceType.parse(service.serviceType, field: "services[\(index)].service_type")
            guard seen.insert(type).inserted else {
                throw AccountsError.invalidArgument("services[\(index)].service_type \(type.rawValue) appears twice; one agreement per service")
            }
            services.append(MoveInPlan.Service(
                type: type,
                rateSchedule: try FieldRules.rateSchedule(service.rateSchedule, field: "services[\(index)].rate_schedule"),
                rateClass: try RateClass.parse(service.rateClass, field: "services[\(index)].rate_class")))
        }
        self.services = services
        exemptions = try record.taxExemptions.enumerated().map { index, exemption in
            let effective = try LocalDate.parse(exemption.effectiveDate, field: "tax_exemptions[\(index)].effective_date")
            let expiry = try LocalDate.parseOptional(exemption.expiryDate, field: "tax_exemptions[\(index)].expiry_date")
            if let expiry, expiry < effective {
                throw AccountsError.invalidArgument("tax_exemptions[\(index)].expiry_date \(expiry) is before its effective_date \(effective)")
            }
            return Exemption(
                taxType: try FieldRules.kebab(exemption.taxType, field: "tax_exemptions[\(index)].tax_type", example: "sales-tax"),
                certificate: try FieldRules.requiredText(exemption.certificateNumber, field: "tax_exemptions[\(index)].certificate_number", maxLength: 64),
                effective: effective, expiry: expiry)
        }
        criticalCare = try record.criticalCare.enumerated().map { index, certification in
            let effective = try LocalDate.parse(certification.effectiveDate, field: "critical_care[\(index)].effective_date")
            let expiry = try LocalDate.parse(certification.expiryDate, field: "critical_care[\(index)].expiry_date")
            if expiry < effective {
                throw AccountsError.invalidArgument("critical_care[\(index)].expiry_date \(expiry) is before its effective_date \(effective)")
            }
            return CriticalCare(
                certifiedBy: try FieldRules.requiredText(certification.certifiedBy, field: "critical_care[\(index)].certified_by"),
                effective: effective, expiry: expiry,
                note: try FieldRules.optionalText(certification.note, field: "critical_care[\(index)].note", maxLength: 500))
        }
    }
}
