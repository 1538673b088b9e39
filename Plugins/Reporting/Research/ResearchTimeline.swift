import Foundation
import SettleContracts
import SettleDomain

/// Turns what the modules said about an account into one chronological list of events and
/// its billed use by month.
enum ResearchTimeline {
    /// Every date is the utility's local day (`timeZone`): module dates already are, and audit
    /// records, stamped in UTC, are moved to the local day they happened on.
    static func events(_ s: ResearchSources, from: String, to: String, in timeZone: TimeZone) -> [Settle_Reporting_V1_ResearchEvent] {
        var events: [Settle_Reporting_V1_ResearchEvent] = []
        func add(_ date: String, _ kind: String, _ source: String, _ reference: String, _ description: String,
                 amount: Int64 = 0, quantity: String = "", status: String = "") {
            guard date >= from, date <= to else { return }
            var event = Settle_Reporting_V1_ResearchEvent()
            event.date = date
            event.kind = kind
            event.source = source
            event.reference = reference
            event.description_p = description
            event.amountCents = amount
            event.quantity = quantity
            event.status = status
            events.append(event)
        }
        for read in s.reads {
            add(read.readDate, "read", "metering", read.meterSerial, "\(channelName(read.channel)) read", quantity: read.valueDecimal, status: kindName(read.kind))
        }
        for bill in s.bills {
            var words = "\(bill.serviceType) \(bill.tariffCode) \(bill.input.periodStart) → \(bill.input.periodEnd)"
            if !bill.replaces.isEmpty { words += ", rebill of \(bill.replaces)" }
            if !bill.replacedBy.isEmpty { words += ", replaced by \(bill.replacedBy)" }
            if bill.estimated { words += ", estimated" }
            if !bill.holdReasons.isEmpty { words += ", held: " + bill.holdReasons.joined(separator: "; ") }
            if !bill.cancelReason.isEmpty { words += ", cancelled: \(bill.cancelReason)" }
            add(bill.billDate, "bill", "rating", bill.id, words, amount: bill.rated.totalCents, quantity: usage(bill), status: bill.status)
            for line in bill.rated.lines {
                add(bill.billDate, "bill_line", "rating", bill.id, line.description_p, amount: line.amountCents,
                    quantity: line.quantity.isEmpty ? "" : "\(line.quantity) \(line.unit)", status: line.component)
            }
        }
        let byID = Dictionary(s.ledger.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in s.ledger.entries {
            let reversed = entry.reversesID == 0 ? nil : byID[entry.reversesID]
            let kind: String
            switch entry.kind {
            case "charge": kind = "charge"
            case "payment": kind = "payment"
            case "late_fee", "nsf_fee": kind = "fee"
            case "reversal": kind = reversed?.kind == "payment" ? "returned_payment" : "reversal"
            default: kind = entry.kind.hasPrefix("deposit") ? "deposit" : "adjustment"
            }
            var words = entry.kind.replacingOccurrences(of: "_", with: " ")
            if !entry.billID.isEmpty { words += " bill \(entry.billID)" }
            if !entry.reference.isEmpty { words += " ref \(entry.reference)" }
            if let reversed { words += " (reverses entry \(reversed.id), \(reversed.kind))" }
            if !entry.memo.isEmpty { words += ": \(entry.memo)" }
            add(entry.entryDate, kind, "collections", "entry \(entry.id)", words, amount: entry.amountCents)
        }
        for notice in s.cases.notices {
            var words = "\(notice.kind.replacingOccurrences(of: "_", with: "-")) notice"
            if !notice.disconnectDate.isEmpty { words += ", disconnect from \(notice.disconnectDate)" }
            add(notice.issuedDate, "notice", "collections", "notice \(notice.id)", words, amount: notice.pastDueCents)
        }
        for dispute in s.cases.disputes {
            add(dispute.openedDate, "dispute", "collections", "dispute \(dispute.id)", "opened: \(dispute.description_p)",
                amount: dispute.amountCents, status: dispute.closedDate.isEmpty ? "open" : "closed")
            if !dispute.closedDate.isEmpty {
                add(dispute.closedDate, "dispute", "collections", "dispute \(dispute.id)", "closed: \(dispute.resolution)", amount: dispute.amountCents, status: "closed")
            }
        }
        for hold in s.cases.holds {
            add(hold.startDate, "hold", "collections", "hold \(hold.id)", "\(hold.reason), until \(hold.expiryDate)",
                amount: hold.amountCents, status: hold.releasedDate.isEmpty ? "placed" : "released \(hold.releasedDate)")
        }
        for arrangement in s.cases.arrangements {
            add(arrangement.startDate, "arrangement", "collections", "arrangement \(arrangement.id)",
                "\(arrangement.installments) installments, paid \(arrangement.paidCents) cents so far",
                amount: arrangement.totalCents, status: arrangement.status)
        }
        for enrolment in s.enrolments {
            for step in enrolment.history {
                add(step.effectiveDate, "enrolment", "programs", enrolment.id,
                    "\(enrolment.kind) \(step.action) for agreement \(enrolment.agreementID): \(step.reason)", status: enrolment.status)
            }
        }
        for record in s.summary.recentActivity {
            let day = UTCTimestamp.instant(from: record.at).map { LocalDate($0, in: timeZone).description } ?? String(record.at.prefix(10))
            add(day, "audit", "accounts", record.entity,
                "\(record.method) by \(record.actor)" + (record.reason.isEmpty ? "" : ": \(record.reason)"))
        }
        // Stable: on one day, the order above (reads, bills, ledger, cases, programs, audit).
        return events.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// Billed use by the month each bill's period ends in: electric kWh and water gallons of
    /// bills in force (issued or held; a cancelled bill's use is its rebill's).
    static func usage(_ bills: [Settle_Rating_V1_Bill]) -> [Settle_Reporting_V1_UsageMonth] {
        var months: [String: (thousandths: Int64, estimated: Bool)] = [:]
        for bill in bills where bill.status != "cancelled" {
            let key: String, amount: Int64
            switch bill.serviceType {
            case "electric": (key, amount) = ("kWh|\(bill.period)", bill.input.deliveredWh)
            case "water": (key, amount) = ("gallons|\(bill.period)", bill.input.gallonsThousandths)
            default: continue
            }
            months[key, default: (0, false)].thousandths += amount
            if bill.estimated { months[key]?.estimated = true }
        }
        return months.sorted { $0.key < $1.key }.map { key, value in
            var month = Settle_Reporting_V1_UsageMonth()
            let parts = key.split(separator: "|")
            month.unit = String(parts[0])
            month.month = String(parts[1])
            month.quantity = value.thousandths / 1_000
            month.estimated = value.estimated
            return month
        }
    }

    static func usage(_ bill: Settle_Rating_V1_Bill) -> String {
        switch bill.serviceType {
        case "electric": return "\(bill.input.deliveredWh / 1_000) kWh"
        case "water", "wastewater": return "\(bill.input.gallonsThousandths / 1_000) gallons"
        default: return ""
        }
    }

    static func kindName(_ kind: Settle_Metering_V1_ReadKind) -> String {
        switch kind {
        case .actual, .unspecified: return "actual"
        case .estimated: return "estimated"
        case .customer: return "customer"
        case .final: return "final"
        case .install: return "install"
        case .removal: return "removal"
        case .edited: return "edited"
        case .UNRECOGNIZED(let value): return "kind \(value)"
        }
    }

    static func channelName(_ channel: Settle_Metering_V1_Channel) -> String {
        switch channel {
        case .kwhDelivered, .unspecified: return "kWh delivered"
        case .kwhReceived: return "kWh received"
        case .kwDemand: return "kW demand"
        case .kvarh: return "kvarh"
        case .gallons: return "gallons"
        case .UNRECOGNIZED(let value): return "channel \(value)"
        }
    }
}
