import SettleContracts
import SettleDomain

/// A solar enrolment's settings and what its meter must give.
///
/// The metering options are Settle's names for NREL SAM Utilityrate5's `ur_metering_option`
/// (0–4); Rating does the arithmetic on each bill from the settings kept here.
enum SolarProgramRules {
    static let meteringOptions = ["net_metering", "net_metering_dollars", "net_billing", "net_billing_carryover", "buy_all_sell_all"]

    /// The settings checked, with their defaults (true-up in December), or INVALID_ARGUMENT
    /// naming the field.
    static func checked(_ program: Settle_Programs_V1_SolarProgram, given: Bool) throws -> Settle_Programs_V1_SolarProgram {
        guard given, !program.metering.isEmpty else {
            throw ProgramsError.invalid("solar.metering", "a solar enrolment names its metering option (\(meteringOptions.joined(separator: ", ")))")
        }
        guard meteringOptions.contains(program.metering) else {
            throw ProgramsError.invalid("solar.metering", "'\(program.metering)' is not a metering option (\(meteringOptions.joined(separator: ", ")))")
        }
        var result = program
        if result.trueUpMonth == 0 { result.trueUpMonth = 12 }
        guard (1...12).contains(result.trueUpMonth) else { throw ProgramsError.invalid("solar.true_up_month", "\(program.trueUpMonth) is not a month 1–12") }
        if !program.yearendSellRate.isEmpty, !isRate(program.yearendSellRate) {
            throw ProgramsError.invalid("solar.yearend_sell_rate", "'\(program.yearendSellRate)' is not a rate in $/kWh with at most 6 decimals")
        }
        if program.creditExpiryMonths != 0, program.metering != "net_billing_carryover" {
            throw ProgramsError.invalid("solar.credit_expiry_months", "only net_billing_carryover credits expire")
        }
        guard program.creditExpiryMonths <= 120 else { throw ProgramsError.invalid("solar.credit_expiry_months", "\(program.creditExpiryMonths) is more than 120") }
        return result
    }

    /// Why the agreement's meters cannot serve a solar program: an electric meter, installed,
    /// with a kWh received channel (the exports the bank and credits are made of).
    static func refusals(lead: Settle_Accounts_V1_ServiceAgreement, meters: [Settle_Metering_V1_Meter]) -> [EnrolmentRefusal] {
        var refusals: [EnrolmentRefusal] = []
        if lead.serviceType != "electric" {
            refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is \(lead.serviceType) service; solar bills electric exports"))
            return refusals
        }
        if lead.status == "final" { refusals.append(EnrolmentRefusal(kind: .eligibility, message: "agreement \(lead.id) is final billed")) }
        if meters.isEmpty {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "agreement \(lead.id) has no meter"))
        }
        for meter in meters where !meter.channels.contains(.kwhReceived) {
            refusals.append(EnrolmentRefusal(kind: .capability, message: "meter \(meter.serial) has no kwh_received channel: exports cannot be measured"))
        }
        return refusals
    }

    /// The enrolment history's words for the settings.
    static func describe(_ program: Settle_Programs_V1_SolarProgram) -> String {
        var text = "\(program.metering), true-up month \(program.trueUpMonth)"
        if !program.yearendSellRate.isEmpty { text += ", year-end sell rate \(program.yearendSellRate)" }
        if program.rollover { text += ", rollover" }
        if program.creditExpiryMonths > 0 { text += ", credits expire after \(program.creditExpiryMonths) months" }
        return text
    }

    private static func isRate(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isNumber) else { return false }
        guard parts.count == 2 else { return true }
        return !parts[1].isEmpty && parts[1].count <= 6 && parts[1].allSatisfy(\.isNumber)
    }
}
