import SettleContracts
import GRDB
import SettleDomain
import SettleModuleSDK

/// Which agreements a cycle's run has nothing left to bill, and which premises are vacant in
/// the period: the inputs of the vacant-use rule for every period, not only the move-out one.
enum Vacancy {
    /// A premise and service with no agreement in service during the period, with the last
    /// agreement it had (the owner of any exception found there).
    struct Premise: Sendable {
        let premiseID: String
        let serviceType: ServiceType
        let lastAgreement: Agreement
    }

    /// Agreements whose last day of service is at or before the previous period's close: the
    /// period that ended at their move-out read was their last, so they never come back as a
    /// zero-length period with a `missing_read`.
    static func finished(_ agreements: [Agreement], previousEnds: [UInt64: Int64], calendar: ZoneCalendar) -> Set<UInt64> {
        Set(agreements.compactMap { agreement in
            guard let end = agreement.endDate, let closed = previousEnds[agreement.id], calendar.localDate(of: closed) >= end else { return nil }
            return agreement.id
        })
    }

    /// The previous period's closing instants by agreement, whatever cycle billed it then: an
    /// account moved to another cycle keeps its agreement's last close.
    static func previousEnds(before period: YearMonth, in db: Database) throws -> [UInt64: Int64] {
        try BillingPeriodStore.ends(of: period.adding(months: -1), in: db)
    }

    /// Premises (metered by their own service) this cycle billed in an earlier period, with
    /// the agreement of their latest period.
    static func billedBefore(cycle: Int, period: YearMonth, in db: Database) throws -> [(premiseID: String, serviceType: ServiceType, agreementID: UInt64)] {
        try BillingPeriodStore.latestBefore(cycle: cycle, period: period, in: db).compactMap { row in
            guard let type = ServiceType(rawValue: row["service_type"]), type.meteredBy == type else { return nil }
            return (row["premise_id"], type, UInt64(bitPattern: row["agreement_id"]))
        }
    }
}
