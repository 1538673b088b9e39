import SettleContracts

/// The anomaly scan's rules, in the order they run, each with what it checks (its
/// threshold in words) and what a specialist should do about a finding.
enum AnomalyRule: String, CaseIterable, Sendable {
    case agreementWithoutMeter = "agreement_without_meter"
    case agreementWithoutReads = "agreement_without_reads"
    case meterWithoutAgreement = "meter_without_agreement"
    case accountNotBilled = "account_not_billed"
    case zeroOrNegativeBill = "zero_or_negative_bill"
    case billAboveHistory = "bill_above_history"
    case rateClassMismatch = "rate_class_mismatch"
    case ledgerRegisterDifference = "ledger_register_difference"
    case exemptionExpiring = "exemption_expiring"
    case tariffWithoutScenarios = "tariff_without_scenarios"

    /// Days without a read before an agreement's meter counts as unread, and the window in
    /// which a read on a meter nobody is billed for counts.
    static let unreadDays = 45
    /// A bill above this many times the average of the agreement's previous bills.
    static let historyFactor: Int64 = 3
    static let historyPeriods = 3
    /// Residential use that fits a commercial class: demand above 50 kW or above 10,000 kWh a period.
    static let residentialDemandLimitW: Int64 = 50_000
    static let residentialEnergyLimitWh: Int64 = 10_000_000
    static let exemptionWarningDays = 30

    var description: String {
        switch self {
        case .agreementWithoutMeter: "an active electric or water agreement whose premise has no meter of that service installed"
        case .agreementWithoutReads: "an active electric or water agreement whose meter has no read in the \(Self.unreadDays) days up to the scan"
        case .meterWithoutAgreement: "an installed meter read in the \(Self.unreadDays) days up to the scan (after its install) with no agreement of its service at its premise"
        case .accountNotBilled: "an agreement in service in the period's cycle with no bill and no skip"
        case .zeroOrNegativeBill: "an issued or held bill of the period whose total is zero or less"
        case .billAboveHistory: "an issued bill above \(Self.historyFactor)× the average of the agreement's issued bills of the \(Self.historyPeriods) periods before"
        case .rateClassMismatch: "a residential bill with demand above \(Self.residentialDemandLimitW / 1000) kW or use above \(Self.residentialEnergyLimitWh / 1_000_000),000 kWh"
        case .ledgerRegisterDifference: "a bill of the period whose charges in Collections differ from the register"
        case .exemptionExpiring: "a tax exemption certificate expiring within \(Self.exemptionWarningDays) days of the scan"
        case .tariffWithoutScenarios: "a tariff version (not retired) with no test scenarios"
        }
    }

    var suggestedAction: String {
        switch self {
        case .agreementWithoutMeter: "install a meter or correct the agreement's service; until then it cannot be billed on use"
        case .agreementWithoutReads: "schedule a read or a field check of the meter; bills run on estimates meanwhile"
        case .meterWithoutAgreement: "find who uses the service at the premise and open an agreement (or lock the meter)"
        case .accountNotBilled: "run or resume the cycle's billing, or record why the agreement is skipped"
        case .zeroOrNegativeBill: "check the reads and the tariff behind the bill; cancel and rebill if it is wrong"
        case .billAboveHistory: "check the read for a misread or a meter fault before the customer calls; hold or rebill if wrong"
        case .rateClassMismatch: "review the rate class with the customer; move it to the commercial schedule if the use is commercial"
        case .ledgerRegisterDifference: "re-send the bill's posting or reverse the stray charge so the ledger ties to the register"
        case .exemptionExpiring: "ask the customer for a renewed certificate before it expires; taxes apply from the day after"
        case .tariffWithoutScenarios: "add test scenarios with expected amounts before the version is validated or used"
        }
    }

    func finding(entities: [String], account: String = "", agreement: UInt64 = 0, detail: String, cents: Int64 = 0) -> Settle_Reporting_V1_Anomaly {
        var anomaly = Settle_Reporting_V1_Anomaly()
        anomaly.rule = rawValue
        anomaly.entities = entities
        anomaly.accountNumber = account
        anomaly.agreementID = agreement
        anomaly.detail = detail
        anomaly.suggestedAction = suggestedAction
        anomaly.amountCents = cents
        return anomaly
    }
}
