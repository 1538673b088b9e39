import SettleContracts
import SettleDomain
import SwiftProtobuf

/// One exception row per VEE exception, held bill or skipped agreement.
enum ExceptionRows {
    /// VEE statuses that mean a person dealt with the exception.
    static let resolvedStatuses: Set<String> = ["accepted", "edited", "estimated"]

    static func vee(_ e: Settle_Metering_V1_VeeException, asOf: String) -> Settle_Reporting_V1_ExceptionRow {
        var row = Settle_Reporting_V1_ExceptionRow()
        row.source = "vee"
        row.cycle = e.cycle
        row.period = e.period
        row.type = e.basis.isEmpty ? e.type : "\(e.type) (\(e.basis))"
        row.accountNumber = e.accountNumber
        row.agreementID = e.agreementID
        row.reference = e.id
        row.status = e.status
        row.blocking = e.blocking
        row.detail = [e.measured, e.comparedWith.isEmpty ? "" : "against \(e.comparedWith)"].filter { !$0.isEmpty }.joined(separator: " ")
        if !e.meterSerial.isEmpty { row.detail = "meter \(e.meterSerial): " + row.detail }
        row.rootCause = e.rootCause
        row.action = e.action
        row.resolution = e.resolution
        row.date = e.readDate
        row.ageDays = age(e.readDate, asOf: asOf)
        return row
    }

    static func held(_ bill: Settle_Rating_V1_Bill, asOf: String) -> Settle_Reporting_V1_ExceptionRow {
        var row = Settle_Reporting_V1_ExceptionRow()
        row.source = "held_bill"
        row.cycle = bill.cycle
        row.period = bill.period
        row.type = "held"
        row.accountNumber = bill.accountNumber
        row.agreementID = bill.agreementID
        row.reference = bill.id
        row.status = "held"
        row.blocking = true
        row.detail = bill.holdReasons.joined(separator: "; ")
        row.action = "review the bill, then release it or cancel and rebill"
        row.date = bill.billDate
        row.ageDays = age(bill.billDate, asOf: asOf)
        return row
    }

    static func skipped(_ skip: Settle_Rating_V1_SkippedAgreement, cycle: UInt32, period: YearMonth) -> Settle_Reporting_V1_ExceptionRow {
        var row = Settle_Reporting_V1_ExceptionRow()
        row.source = "skipped"
        row.cycle = cycle
        row.period = period.description
        row.type = "skipped"
        row.accountNumber = skip.accountNumber
        row.agreementID = skip.agreementID
        row.status = "skipped"
        row.blocking = true
        row.detail = skip.reason
        row.action = "fix what the reason names, then run the cycle's billing again"
        return row
    }

    /// Days from `date` to `asOf`; 0 when either is missing.
    static func age(_ date: String, asOf: String) -> Int32 {
        guard let from = LocalDate(date), let to = LocalDate(asOf) else { return 0 }
        return Int32(clamping: to - from)
    }

    static func isOpen(_ row: Settle_Reporting_V1_ExceptionRow) -> Bool {
        row.source != "vee" || !resolvedStatuses.contains(row.status)
    }
}

/// The exceptions report's counts: by source and type (open and resolved) and open rows by age.
struct ExceptionTally: Sendable {
    private var summary = Settle_Reporting_V1_ExceptionsSummary()
    private var counts: [String: Settle_Reporting_V1_ExceptionCount] = [:]

    init(cycle: UInt32, period: String, asOf: String) {
        summary.cycle = cycle
        summary.period = period
        summary.asOf = asOf
    }

    mutating func count(_ row: Settle_Reporting_V1_ExceptionRow) {
        summary.rows += 1
        let type = row.source == "vee" ? String(row.type.prefix { $0 != " " }) : row.type
        let key = "\(row.source)|\(type)"
        var count = counts[key] ?? .with { $0.source = row.source; $0.type = type }
        if ExceptionRows.isOpen(row) {
            count.open += 1
            // A skip carries no date: it has no age.
            if !row.date.isEmpty {
                switch row.ageDays {
                case ...7: summary.open07 += 1
                case 8...30: summary.open830 += 1
                default: summary.openOver30 += 1
                }
            }
        } else {
            count.resolved += 1
        }
        counts[key] = count
    }

    func finished() -> Settle_Reporting_V1_ExceptionsSummary {
        var result = summary
        result.counts = counts.sorted { $0.key < $1.key }.map(\.value)
        return result
    }
}
