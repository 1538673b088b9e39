import Foundation

/// What the demo found and did, printed at the end (as text, or JSON for scripts).
struct DemoSummary: Sendable {
    var accounts = 0
    var accountsByClass: [String: Int] = [:]
    var agreementsByService: [String: Int] = [:]
    var loadRejections: [String] = []
    var metersActive = 0
    var metersRefused: [String: Int] = [:]
    var metersRefusedExample = ""
    var registerReads = 0
    var intervalValues = 0
    var readRejections = 0
    var planted: [String: Int] = [:]
    var veeAgreements = 0
    var veePassed = 0
    var veeHeld = 0
    var veeExceptionsByType: [String: Int] = [:]
    /// The issue-12 rules, e.g. high use by basis, zero use holding bills (DemoVEERules).
    var veeRules: [(String, String)] = []
    /// Billing (when the host serves Rating).
    /// Each program's counts and effects, label and value.
    var programs: [(String, String)] = []
    var billing: [(String, String)] = []
    var billsHeldByReason: [String: Int] = [:]
    var revenueByClass: [String: Int64] = [:]
    /// Collections (when the host serves Collections).
    var collections: [(String, String)] = []
    var agingCents: [String: Int64] = [:]
    /// The Collections rules on a few accounts: disputes, arrangements, bankruptcy, critical
    /// care, each with the eligibility decision it changed (DemoCollectionsRules).
    var collectionsRules: [(String, String)] = []
    var refunds: [(String, String)] = []
    var skipped: [String] = []
    /// The report files written and the anomaly scan's counts.
    var reports: [(String, String)] = []
    var phases: [(String, Double)] = []
    var seconds = 0.0

    func text() -> String {
        var lines: [String] = []
        func section(_ title: String) { lines.append(""); lines.append(title) }
        func row(_ label: String, _ value: String) { lines.append("  " + label.padding(toLength: max(40, label.count + 1), withPad: " ", startingAt: 0) + value) }
        func sortedCounts(_ counts: [String: Int]) -> [(String, Int)] { counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key } }

        section("Utility")
        row("accounts", DemoFormat.count(accounts))
        for (rateClass, count) in sortedCounts(accountsByClass) { row("  " + rateClass, DemoFormat.count(count)) }
        row("service agreements", agreementsByService.sorted { $0.key < $1.key }.map { "\($0.key) \(DemoFormat.count($0.value))" }.joined(separator: ", "))
        row("meters active", DemoFormat.count(metersActive))
        for (code, count) in sortedCounts(metersRefused) { row("  refused activation: " + code, DemoFormat.count(count)) }
        if !metersRefusedExample.isEmpty { row("  e.g.", metersRefusedExample) }
        if !loadRejections.isEmpty { row("records rejected at load", "\(loadRejections.count) (first: \(loadRejections[0]))") }
        row("register reads imported", DemoFormat.count(registerReads))
        row("interval values imported", DemoFormat.count(intervalValues))
        if readRejections > 0 { row("read rows rejected", DemoFormat.count(readRejections)) }
        row("planted problems", sortedCounts(planted).map { "\($0.0) \($0.1)" }.joined(separator: ", "))

        section("VEE")
        row("agreements validated", DemoFormat.count(veeAgreements))
        row("passed", DemoFormat.count(veePassed))
        row("held for review", DemoFormat.count(veeHeld))
        for (type, count) in sortedCounts(veeExceptionsByType) { row("  " + type, DemoFormat.count(count)) }
        for (rule, count) in veeRules { row("  rule: " + rule, count) }

        if !programs.isEmpty {
            section("Programs")
            for (key, value) in programs { row(key, value) }
        }
        if !billing.isEmpty {
            section("Billing")
            for (key, value) in billing { row(key, value) }
            for (reason, count) in sortedCounts(billsHeldByReason) { row("  held: " + reason, DemoFormat.count(count)) }
            for (rateClass, cents) in revenueByClass.sorted(by: { $0.value > $1.value }) { row("  revenue " + rateClass, DemoFormat.dollars(cents: cents)) }
        }
        if !collections.isEmpty {
            section("Collections")
            for (key, value) in collections { row(key, value) }
            for bucket in ["current", "1-30", "31-60", "61-90", "91-120", "over_120", "total"] {
                if let cents = agingCents[bucket] { row("  aging " + bucket, DemoFormat.dollars(cents: cents)) }
            }
        }
        if !collectionsRules.isEmpty {
            section("Collections rules")
            for (key, value) in collectionsRules { row(key, value) }
        }
        if !refunds.isEmpty {
            section("Refunds")
            for (key, value) in refunds { row(key, value) }
        }
        if !reports.isEmpty {
            section("Reports")
            for (key, value) in reports { row(key, value) }
        }
        if !skipped.isEmpty {
            section("Not run")
            for reason in skipped { lines.append("  " + reason) }
        }
        section("Time")
        for (phase, seconds) in phases { row(phase, String(format: "%.1f s", seconds)) }
        row("demo total", String(format: "%.1f s", seconds))
        return lines.joined(separator: "\n")
    }

    func json() throws -> String {
        var object: [String: Any] = [
            "accounts": accounts, "accounts_by_class": accountsByClass, "agreements_by_service": agreementsByService,
            "meters_active": metersActive, "meters_refused": metersRefused, "register_reads": registerReads,
            "interval_values": intervalValues, "read_rows_rejected": readRejections, "planted": planted,
            "vee_agreements": veeAgreements, "vee_passed": veePassed, "vee_held": veeHeld, "vee_exceptions_by_type": veeExceptionsByType,
            "vee_rules": Dictionary(veeRules, uniquingKeysWith: { first, _ in first }),
            "seconds": (seconds * 10).rounded() / 10,
            "phases": Dictionary(phases.map { ($0.0, ($0.1 * 10).rounded() / 10) }, uniquingKeysWith: { a, _ in a }),
        ]
        if !programs.isEmpty { object["programs"] = Dictionary(programs, uniquingKeysWith: { first, _ in first }) }
        if !billing.isEmpty {
            object["billing"] = Dictionary(billing, uniquingKeysWith: { first, _ in first })
            object["bills_held_by_reason"] = billsHeldByReason
            object["revenue_cents_by_class"] = revenueByClass
        }
        if !collections.isEmpty {
            object["collections"] = Dictionary(collections, uniquingKeysWith: { first, _ in first })
            object["aging_cents"] = agingCents
        }
        if !collectionsRules.isEmpty {
            object["collections_rules"] = Dictionary(collectionsRules, uniquingKeysWith: { first, _ in first })
        }
        if !refunds.isEmpty { object["refunds"] = Dictionary(refunds, uniquingKeysWith: { first, _ in first }) }
        if !reports.isEmpty { object["reports"] = reports.map { [$0.0.trimmingCharacters(in: .whitespaces), $0.1] } }
        if !skipped.isEmpty { object["not_run"] = skipped }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
