import SettleContracts

/// How the Programs commands show enrolments and averages.
enum ProgramsFormat {
    static func enrolmentRows(_ enrolments: [Settle_Programs_V1_Enrolment]) -> [[String]] {
        enrolments.map { enrolment in
            [enrolment.id, enrolment.kind, String(enrolment.agreementID), enrolment.accountNumber,
             enrolment.memberAgreementIds.map(String.init).joined(separator: ","), enrolment.demandMethod,
             enrolment.rateSchedule.isEmpty ? "-" : "\(enrolment.previousRateSchedule) → \(enrolment.rateSchedule)",
             enrolment.effectiveFrom, Cell.dash(enrolment.effectiveTo), enrolment.status]
        }
    }

    static let enrolmentHeaders = ["ENROLMENT", "KIND", "AGREEMENT", "ACCOUNT", "MEMBERS", "DEMAND", "SCHEDULE", "FROM", "TO", "STATUS"]

    /// Gallons with thousands separators from thousandths: 14,960,000 → "14,960".
    static func gallons(_ thousandths: Int64) -> String {
        let whole = String((thousandths / 1_000).magnitude)
        var out = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (thousandths < 0 ? "-" : "") + out
    }
}
