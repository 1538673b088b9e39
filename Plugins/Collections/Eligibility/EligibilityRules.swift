import SettleContracts
import SettleDomain

/// Everything one account's disconnection decision rests on, gathered before deciding.
struct EligibilityInput: Sendable {
    var account: String
    var asOf: Int
    var position: AccountPosition
    var noticeID: Int64
    var noticeIssuedDay: Int
    var disconnectDay: Int
    var disputed: Int64
    var held: Int64
    /// The day an arrangement broke most recently, if one did; true when one is in good standing.
    var arrangementBrokenDay: Int?
    var arrangementInGoodStanding: Bool
    var facts: AccountFacts?
    /// Zone → day → (forecast low °F, heat advisory).
    var weather: [String: [Int: (low: Int, heat: Bool)]]
    var pledge: (agency: String, cents: Int64, expiryDay: Int)?
    var policy: Settle_Collections_V1_Policy
    var holidays: Set<Int>
}

/// The disconnection rules, each explained. An account is eligible only when every rule passes.
///
/// - `past_due_above_threshold`: past-due on the day above the disconnect threshold.
/// - `notice_served_and_expired`: a disconnect notice served after any broken arrangement (and,
///   under a bankruptcy stay, after the petition) whose disconnect date has come.
/// - `no_pending_dispute` / `no_collection_hold`: a pending dispute or an active hold stops
///   disconnection for its amount: the rule fails when what is left is not above the threshold.
/// - `no_arrangement_in_good_standing`, `no_critical_care`, `no_pending_pledge`: fail outright.
/// - `no_extreme_weather`: fails when, at any of the account's premises' weather zones, the
///   forecast low that day is at or below the cold limit (32 °F), or a heat advisory is in
///   effect that day or either of the two days before. No forecast for the day fails too:
///   safety is never assumed.
/// - `not_weekend_or_holiday`: fails on a Saturday or Sunday, a holiday, or the day before a
///   holiday or a weekend (so Fridays), so a disconnected customer can reach the utility the
///   next day.
/// - `no_bankruptcy_stay`: under an open case only post-petition debt (by service period) can be
///   collected: fails when post-petition past due is not above the threshold; a notice served
///   before the petition fails `notice_served_and_expired`. Discharge or dismissal ends the stay.
///
/// An account asked for without a disconnect notice is explained all the same: the notice rule
/// fails and every other rule says how it stands.
enum EligibilityRules {
    static func decide(_ input: EligibilityInput) -> Settle_Collections_V1_EligibilityDecision {
        let day = input.asOf
        let threshold = input.policy.disconnectThresholdCents
        let pastDue = input.position.pastDue(on: day)
        var rules: [Settle_Collections_V1_RuleOutcome] = []
        func rule(_ name: String, _ passed: Bool, _ detail: String) {
            var outcome = Settle_Collections_V1_RuleOutcome()
            outcome.rule = name
            outcome.passed = passed
            outcome.detail = detail
            rules.append(outcome)
        }
        let date = { (day: Int) in LocalDate(dayNumber: day).description }

        rule("past_due_above_threshold", pastDue > threshold,
             "past due \(Dollars.plain(pastDue)) \(pastDue > threshold ? "is above" : "is not above") the threshold \(Dollars.plain(threshold))")

        let noticed = input.noticeID > 0
        var noticeOK = noticed && input.disconnectDay <= day
        var noticeDetail = !noticed ? "no disconnect notice served by \(date(day))"
            : "disconnect notice \(input.noticeID) served \(date(input.noticeIssuedDay)) with disconnect date \(date(input.disconnectDay))"
                + (noticeOK ? " (passed)" : " (not yet reached)")
        if noticed, let broken = input.arrangementBrokenDay, input.noticeIssuedDay < broken {
            noticeOK = false
            noticeDetail += "; it predates the arrangement broken on \(date(broken)): a new notice is needed"
        }

        let stay = input.facts.flatMap { BankruptcyStay.latest(of: $0.bankruptcies, on: day) }.flatMap { $0.inForce(on: day) ? $0 : nil }
        if noticed, let stay, input.noticeIssuedDay < stay.petitionDay {
            noticeOK = false
            noticeDetail += "; it predates bankruptcy petition \(stay.caseNumber) of \(date(stay.petitionDay)): a new notice is needed"
        }
        rule("notice_served_and_expired", noticeOK, noticeDetail)

        if input.disputed > 0 {
            let rest = pastDue - input.disputed
            rule("no_pending_dispute", rest > threshold,
                 "dispute of \(Dollars.plain(input.disputed)) pending; undisputed past due \(Dollars.plain(rest)) \(rest > threshold ? "is still above" : "is not above") the threshold")
        } else {
            rule("no_pending_dispute", true, "no dispute pending")
        }
        if input.held > 0 {
            let rest = pastDue - input.disputed - input.held
            rule("no_collection_hold", rest > threshold,
                 "hold on \(Dollars.plain(input.held)); past due outside disputes and holds \(Dollars.plain(rest)) \(rest > threshold ? "is still above" : "is not above") the threshold")
        } else {
            rule("no_collection_hold", true, "no collection hold")
        }

        rule("no_arrangement_in_good_standing", !input.arrangementInGoodStanding,
             input.arrangementInGoodStanding ? "a payment arrangement is in good standing" : "no payment arrangement in good standing")

        if let facts = input.facts {
            if let cert = facts.criticalCare.first(where: { $0.from <= day && day <= $0.through }) {
                rule("no_critical_care", false, "critical-care certification in force \(date(cert.from)) to \(cert.through == Int.max ? "open" : date(cert.through)) (\(cert.by))")
            } else {
                rule("no_critical_care", true, "no critical-care certification in force")
            }
        } else {
            rule("no_critical_care", false, "Accounts has no record of the account: certifications cannot be checked")
        }

        weatherRule(input, into: &rules)

        // Every reason that applies is named (a Saturday is a weekend day and the day before one).
        var calendar: [String] = []
        if LocalDate(dayNumber: day).isWeekend { calendar.append("a weekend day") }
        if input.holidays.contains(day) { calendar.append("a holiday") }
        if LocalDate(dayNumber: day + 1).isWeekend { calendar.append("the day before a weekend day") }
        if input.holidays.contains(day + 1) { calendar.append("the day before a holiday") }
        rule("not_weekend_or_holiday", calendar.isEmpty,
             calendar.isEmpty ? "\(date(day)) is a working day before a working day" : "\(date(day)) is " + calendar.joined(separator: " and "))

        var collectible = pastDue - input.disputed - input.held
        if let stay {
            // The position was split by service period at the petition (a bill straddling it
            // by days), with payments since the petition paying post-petition debt only.
            let postPetition = input.position.postPetitionPastDue(on: day)
            let rest = postPetition - input.disputed - input.held
            collectible = min(collectible, rest)
            rule("no_bankruptcy_stay", rest > threshold,
                 "bankruptcy case \(stay.caseNumber) (petition \(date(stay.petitionDay))) stays pre-petition debt; post-petition past due \(Dollars.plain(postPetition))"
                    + (rest > threshold ? " is above the threshold" : " is not above the threshold"))
        } else {
            rule("no_bankruptcy_stay", input.facts != nil, input.facts != nil ? "no open bankruptcy case" : "Accounts has no record of the account")
        }

        if let pledge = input.pledge {
            rule("no_pending_pledge", false, "energy-assistance pledge of \(Dollars.plain(pledge.cents)) from \(pledge.agency) pending through \(date(pledge.expiryDay))")
        } else {
            rule("no_pending_pledge", true, "no energy-assistance pledge pending")
        }

        var decision = Settle_Collections_V1_EligibilityDecision()
        decision.accountNumber = input.account
        decision.asOf = date(day)
        decision.rules = rules
        decision.eligible = rules.allSatisfy(\.passed)
        decision.noticeID = UInt64(clamping: input.noticeID)
        decision.pastDueCents = pastDue
        decision.collectiblePastDueCents = max(0, collectible)
        return decision
    }

    private static func weatherRule(_ input: EligibilityInput, into rules: inout [Settle_Collections_V1_RuleOutcome]) {
        var outcome = Settle_Collections_V1_RuleOutcome()
        outcome.rule = "no_extreme_weather"
        let day = input.asOf
        let limit = Int(input.policy.coldLimitF)
        let zones = input.facts?.weatherZones ?? []
        guard !zones.isEmpty else {
            outcome.passed = false
            outcome.detail = "no weather zone known for the account's premises: safe weather cannot be confirmed"
            rules.append(outcome)
            return
        }
        var problems: [String] = []
        var fine: [String] = []
        for zone in zones {
            let days = input.weather[zone] ?? [:]
            guard let today = days[day] else {
                problems.append("no forecast for zone \(zone) on \(LocalDate(dayNumber: day))")
                continue
            }
            if today.low <= limit { problems.append("zone \(zone): forecast low \(today.low) °F is at or below \(limit) °F") }
            for back in 0...2 where days[day - back]?.heat == true {
                problems.append("zone \(zone): heat advisory on \(LocalDate(dayNumber: day - back))")
            }
            fine.append("zone \(zone): low \(today.low) °F, no heat advisory in the last three days")
        }
        outcome.passed = problems.isEmpty
        outcome.detail = problems.isEmpty ? fine.joined(separator: "; ") : problems.joined(separator: "; ")
        rules.append(outcome)
    }
}
