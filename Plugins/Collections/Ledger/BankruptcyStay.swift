import SettleDomain
/// A bankruptcy case as the ledger sees it: the petition splits debt by service period, and
/// from the petition until the case is resolved (discharged, dismissed or closed) payments go
/// to post-petition debt only and pre-petition debt is neither collected, noticed nor fee'd.
struct BankruptcyStay: Sendable, Equatable {
    var caseNumber: String
    var petitionDay: Int
    /// The day the case was resolved: the stay ends that day (nil while open).
    var resolvedDay: Int?

    /// Whether the stay is in force on `day`.
    func inForce(on day: Int) -> Bool { petitionDay <= day && (resolvedDay.map { day < $0 } ?? true) }

    /// The case that matters on `day`: the latest petition filed by then (open or resolved).
    static func latest(of cases: [(caseNumber: String, petitionDay: Int, resolvedDay: Int?)], on day: Int) -> BankruptcyStay? {
        cases.filter { $0.petitionDay <= day }.max { $0.petitionDay < $1.petitionDay }
            .map { BankruptcyStay(caseNumber: $0.caseNumber, petitionDay: $0.petitionDay, resolvedDay: $0.resolvedDay) }
    }

    /// The pre-petition part of a debit: a charge for service wholly before the petition is all
    /// pre-petition, one wholly on or after it none, and one whose period straddles it is split
    /// by days — service runs from the start day up to the closing-read day, so
    /// `amount × (petition − start) / (end − start)`, rounded half-up. Entries without a service
    /// period (fees, adjustments, deposits, charges that did not say) go by their entry date.
    func prePetitionPart(of line: LedgerLine) -> Int64 {
        if let start = line.serviceStartDay, let end = line.serviceEndDay, end > start {
            if petitionDay <= start { return 0 }
            if petitionDay >= end { return line.amount }
            return Dollars.share(line.amount, numerator: Int64(petitionDay - start), denominator: Int64(end - start))
        }
        return line.entryDay < petitionDay ? line.amount : 0
    }

    /// Whether a credit dated `day` is held to post-petition debt.
    func restrictsCredit(on day: Int) -> Bool { inForce(on: day) }
}
