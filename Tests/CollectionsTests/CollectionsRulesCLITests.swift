import Foundation
import SettleContracts
import SettleHost
import SettleTestSupport
import XCTest

/// The Collections rules' commands as a specialist types them, against a host with the real
/// Accounts, Metering and Collections modules: protections on the customer, the case
/// listings, ledger corrections, arrangements on agreed dates, credit balances and a
/// disconnection.
final class CollectionsRulesCLITests: XCTestCase {
    private func settle(_ arguments: [String], _ host: CollectionsHost) async throws -> CommandRun {
        try await SettleCLI.run(arguments, socket: host.runtime.configuration.socketPath)
    }

    /// The rules that fail for the account on the day, by name, as `settle collections eligibility --json` lists them.
    private func failing(_ account: String, on day: String, _ host: CollectionsHost) async throws -> [String] {
        let run = try await settle(["collections", "eligibility", "--as-of", day, "--account", account, "--json"], host)
        XCTAssertEqual(run.status, 0, run.stderr)
        let decisions = try XCTUnwrap(try run.object()["decisions"] as? [[String: Any]])
        let rules = try XCTUnwrap(decisions.first?["rules"] as? [[String: Any]])
        return rules.filter { ($0["passed"] as? Bool) != true }.compactMap { $0["rule"] as? String }
    }

    func testCriticalCareTaxExemptionAndBankruptcyFromTheCommandLine() async throws {
        _ = try SettleCLI.binary()
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let (account, id) = (customer.account, customer.customerID)
            let clear = try await failing(account, on: "2025-02-25", host)
            XCTAssertEqual(clear, [], "with no protection the account is disconnectable on Tuesday 2025-02-25, after the notice's 2025-02-23")

            // Critical care: in force from its first day, no disconnection; ended, disconnectable again.
            let added = try await settle([
                "customer", "critical-care", "add", id, "--certified-by", "Dr. A. Osei, Mercy Clinic", "--from", "2025-02-26", "--to", "2025-05-20",
                "--idempotency-key", "cli-cc1", "--reason", "oxygen concentrator",
            ], host)
            XCTAssertEqual(added.status, 0, added.stderr)
            XCTAssertTrue(added.stdout.hasPrefix("customer \(id) Ada Osei  [idempotency key cli-cc1]\n"), added.stdout)
            XCTAssertTrue(added.stdout.contains("1              Dr. A. Osei, Mercy Clinic  2025-02-26  2025-05-20  -"), added.stdout)
            let cared = try await failing(account, on: "2025-02-26", host)
            XCTAssertEqual(cared, ["no_critical_care"])
            let beforeIt = try await failing(account, on: "2025-02-25", host)
            XCTAssertEqual(beforeIt, [], "the day before the certification is in force")
            let ended = try await settle(["customer", "critical-care", "end", id, "1", "--date", "2025-03-03", "--why", "moved to care home", "--json"], host)
            XCTAssertEqual(ended.status, 0, ended.stderr)
            let care = try XCTUnwrap((try ended.object()["customer"] as? [String: Any])?["critical_care"] as? [[String: Any]])
            XCTAssertEqual(care.first?["expiry_date"] as? String, "2025-03-03")
            XCTAssertEqual(care.first?["ended_reason"] as? String, "moved to care home")
            let lastDay = try await failing(account, on: "2025-03-03", host)
            XCTAssertEqual(lastDay, ["no_critical_care"], "the new last day is still in force")
            let afterIt = try await failing(account, on: "2025-03-04", host)
            XCTAssertEqual(afterIt, [])

            // A tax exemption, checked on its first day, the day before, and after it ended.
            let exempt = try await settle([
                "customer", "tax-exemption", "add", id, "--tax", "sales-tax", "--certificate", "ST-5-00912", "--from", "2025-03-01", "--idempotency-key", "cli-tx1",
            ], host)
            XCTAssertEqual(exempt.status, 0, exempt.stderr)
            XCTAssertTrue(exempt.stdout.contains("1              sales-tax  ST-5-00912   2025-03-01  -"), exempt.stdout)
            let first = try await settle(["customer", "tax-exemption", "check", id, "--tax", "sales-tax", "--date", "2025-03-01"], host)
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertTrue(first.stdout.hasPrefix("customer \(id) is exempt from sales-tax on 2025-03-01\n"), first.stdout)
            XCTAssertTrue(first.stdout.contains("ST-5-00912"), first.stdout)
            let dayBefore = try await settle(["customer", "tax-exemption", "check", id, "--tax", "sales-tax", "--date", "2025-02-28"], host)
            XCTAssertEqual(dayBefore.stdout, "customer \(id) is not exempt from sales-tax on 2025-02-28\n", dayBefore.stderr)
            let otherTax = try await settle(["customer", "tax-exemption", "check", id, "--tax", "utility-tax", "--date", "2025-03-01", "--json"], host)
            XCTAssertEqual(otherTax.status, 0, otherTax.stderr)
            XCTAssertNil(try otherTax.object()["exempt"], "not exempt: protobuf-JSON leaves false out")
            _ = try await settle(["customer", "tax-exemption", "end", id, "1", "--date", "2025-03-31", "--why", "certificate lapsed"], host)
            let lastExempt = try await settle(["customer", "tax-exemption", "check", id, "--tax", "sales-tax", "--date", "2025-03-31", "--json"], host)
            XCTAssertEqual(try lastExempt.object()["exempt"] as? Bool, true)
            let lapsed = try await settle(["customer", "tax-exemption", "check", id, "--tax", "sales-tax", "--date", "2025-04-01"], host)
            XCTAssertEqual(lapsed.stdout, "customer \(id) is not exempt from sales-tax on 2025-04-01\n", lapsed.stderr)

            // Bankruptcy: the pre-petition debt is stayed from the petition date; a dismissal ends the stay.
            let filed = try await settle([
                "customer", "bankruptcy", "record", id, "--case-number", "25-70123", "--chapter", "13", "--petition", "2025-02-27", "--court", "C.D. Ill.",
            ], host)
            XCTAssertEqual(filed.status, 0, filed.stderr)
            XCTAssertTrue(filed.stdout.hasPrefix("customer \(id) Ada Osei  [idempotency key bankruptcy-\(id)-25-70123]\n"), filed.stdout)
            XCTAssertTrue(filed.stdout.contains("1           25-70123  13       2025-02-27  open    -"), filed.stdout)
            let refiled = try await settle(["customer", "bankruptcy", "record", id, "--case-number", "25-70123", "--chapter", "13", "--petition", "2025-02-27", "--court", "C.D. Ill."], host)
            XCTAssertEqual(refiled.stdout, filed.stdout, "the default key makes the same case one case")
            let stayed = try await failing(account, on: "2025-03-05", host)
            XCTAssertTrue(stayed.contains("no_bankruptcy_stay"), "\(stayed)")
            let dismissed = try await settle(["customer", "bankruptcy", "resolve", id, "1", "dismissed", "--date", "2025-03-06", "--json"], host)
            XCTAssertEqual(dismissed.status, 0, dismissed.stderr)
            let cases = try XCTUnwrap((try dismissed.object()["customer"] as? [String: Any])?["bankruptcy_cases"] as? [[String: Any]])
            XCTAssertEqual(cases.first?["status"] as? String, "dismissed")
            XCTAssertEqual(cases.first?["resolved_date"] as? String, "2025-03-06")

            let badChapter = try await settle(["customer", "bankruptcy", "record", id, "--case-number", "25-1", "--chapter", "9", "--petition", "2025-03-01"], host)
            XCTAssertEqual(badChapter.status, 3, badChapter.stdout)
            XCTAssertTrue(badChapter.stderr.contains("chapter"), badChapter.stderr)
        }
    }
}

extension CollectionsRulesCLITests {
    func testCaseListingsLedgerCorrectionsArrangementsCreditsAndADisconnectionFromTheCommandLine() async throws {
        _ = try SettleCLI.binary()
        try await withCollectionsHost { host in
            let customer = try await host.noticedCustomer()
            let account = customer.account
            let other = try await host.servedCustomer("Kofi Mensah")

            // The notices the run served, newest first.
            let notices = try await settle(["collections", "notices", "list", "--account", account], host)
            XCTAssertEqual(notices.status, 0, notices.stderr)
            let noticeLines = notices.stdout.split(separator: "\n")
            XCTAssertEqual(noticeLines.count, 4, notices.stdout)
            XCTAssertEqual(noticeLines[2], "2       disconnect  2025-02-13  $200.00   2025-02-01  2025-02-23", notices.stdout)
            XCTAssertTrue(noticeLines[3].hasPrefix("1       past_due    2025-02-06  $200.00   2025-02-01"), notices.stdout)
            let noNotices = try await settle(["collections", "notices", "list", "--account", other.account, "--json"], host)
            XCTAssertEqual(noNotices.status, 0, noNotices.stderr)
            XCTAssertNil(try noNotices.object()["notices"])

            // Disputes and holds, listed newest first with their amounts and dates.
            _ = try await settle(["collections", "dispute", "open", "--account", account, "--amount", "40.25", "--date", "2025-02-18", "--description", "estimated read"], host)
            _ = try await settle(["collections", "dispute", "open", "--account", account, "--amount", "12.00", "--date", "2025-02-19", "--description", "late fee"], host)
            _ = try await settle(["collections", "dispute", "close", "1", "--date", "2025-02-21", "--resolution", "rebilled"], host)
            let disputes = try await settle(["collections", "dispute", "list", "--account", account], host)
            XCTAssertEqual(disputes.status, 0, disputes.stderr)
            let disputeLines = disputes.stdout.split(separator: "\n").map(String.init)
            XCTAssertEqual(disputeLines.count, 4, disputes.stdout)
            XCTAssertTrue(disputeLines[2].hasPrefix("2        $12.00  2025-02-19  -           late fee"), disputes.stdout)
            XCTAssertEqual(disputeLines[3], "1        $40.25  2025-02-18  2025-02-21  estimated read  rebilled", disputes.stdout)
            _ = try await settle(["collections", "hold", "place", "--account", account, "--amount", "75.50", "--why", "meter test", "--start", "2025-02-20", "--expiry", "2025-03-20"], host)
            let holds = try await settle(["collections", "hold", "list", "--account", account, "--json"], host)
            let hold = try XCTUnwrap((try holds.object()["holds"] as? [[String: Any]])?.first)
            XCTAssertEqual(hold["amount_cents"] as? Int, 7_550)
            XCTAssertEqual(hold["start_date"] as? String, "2025-02-20")
            XCTAssertEqual(hold["expiry_date"] as? String, "2025-03-20")

            // An arrangement on agreed dates: kept while each installment is paid by its date.
            let created = try await settle([
                "collections", "arrangement", "create", "--account", other.account, "--total", "90.00", "--start", "2025-02-20",
                "--installment", "2025-03-05=30.00", "--installment", "2025-04-05=60.00", "--idempotency-key", "cli-ar1",
            ], host)
            XCTAssertEqual(created.status, 0, created.stderr)
            XCTAssertTrue(created.stdout.hasPrefix("arrangement 1 on account \(other.account): $90.00, down $0.00, 2 monthly installment(s) from 2025-02-20\n"), created.stdout)
            XCTAssertTrue(created.stdout.contains("2025-03-05  $30.00"), created.stdout)
            XCTAssertTrue(created.stdout.contains("2025-04-05  $60.00  $90.00"), created.stdout)
            XCTAssertTrue(created.stdout.hasSuffix("[idempotency key cli-ar1]\n"), created.stdout)
            _ = try await host.pay(other.account, 3_000, on: "2025-03-05")
            let keptList = try await settle(["collections", "arrangement", "list", "--account", other.account, "--as-of", "2025-04-06", "--json"], host)
            let kept = try XCTUnwrap((try keptList.object()["arrangements"] as? [[String: Any]])?.first)
            XCTAssertEqual(kept["status"] as? String, "broken", "the second installment was not paid by 2025-04-05")
            XCTAssertEqual(kept["broken_on"] as? String, "2025-04-06")
            let onTime = try await settle(["collections", "arrangement", "list", "--account", other.account, "--as-of", "2025-03-31"], host)
            XCTAssertTrue(onTime.stdout.contains("1            2025-02-20  $90.00  2             active"), onTime.stdout)
            let badInstallment = try await settle(["collections", "arrangement", "create", "--account", other.account, "--installment", "2025-03-05:30"], host)
            XCTAssertEqual(badInstallment.status, 64, badInstallment.stdout)

            // A transfer moves $25.00 as two entries; reversing one entry twice reverses it once.
            let moved = try await settle(["ledger", "transfer", "--from", account, "--to", other.account, "--amount", "25.00", "--date", "2025-02-20", "--memo", "same customer", "--json"], host)
            XCTAssertEqual(moved.status, 0, moved.stderr)
            let movedObject = try moved.object()
            let fromEntry = try XCTUnwrap(movedObject["from_entry"] as? [String: Any])
            let toEntry = try XCTUnwrap(movedObject["to_entry"] as? [String: Any])
            XCTAssertEqual(fromEntry["amount_cents"] as? Int, -2_500)
            XCTAssertEqual(toEntry["amount_cents"] as? Int, 2_500)
            XCTAssertEqual(toEntry["kind"] as? String, "transfer")
            let ledgerAfterTransfer = try await host.ledger(account, asOf: "2025-02-20")
            XCTAssertEqual(ledgerAfterTransfer.balanceCents, 17_500)
            let leg = try XCTUnwrap(toEntry["id"] as? Int)
            let refused = try await settle(["ledger", "reverse", "\(leg)"], host)
            XCTAssertEqual(refused.status, 9, refused.stdout)
            XCTAssertTrue(refused.stderr.contains("entry \(leg) is one leg of a transfer; reverse it with a transfer back"), refused.stderr)
            let credited = try await settle(["ledger", "post", "--account", other.account, "--kind", "credit", "--amount", "10.00", "--date", "2025-02-22", "--memo", "goodwill", "--json"], host)
            XCTAssertEqual(credited.status, 0, credited.stderr)
            let creditEntry = try XCTUnwrap((try credited.object()["entry"] as? [String: Any])?["id"] as? Int, credited.stdout)
            let reversed = try await settle(["ledger", "reverse", "\(creditEntry)", "--date", "2025-02-23", "--memo", "posted to the wrong account"], host)
            XCTAssertEqual(reversed.status, 0, reversed.stderr)
            XCTAssertTrue(reversed.stdout.contains("\(other.account)   reversal  $10.00  2025-02-23  \(creditEntry)"), reversed.stdout)
            let again = try await settle(["ledger", "reverse", "\(creditEntry)", "--date", "2025-02-23", "--memo", "posted to the wrong account"], host)
            XCTAssertEqual(again.stdout, reversed.stdout, "the default key replays the first reversal")
            let otherKey = try await settle(["ledger", "reverse", "\(creditEntry)", "--idempotency-key", "second-try"], host)
            XCTAssertTrue(otherKey.stdout.hasSuffix("(already reversed: this is the earlier reversal)\n"), otherKey.stdout + otherKey.stderr)
            let otherLedger = try await host.ledger(other.account, asOf: "2025-03-06")
            XCTAssertEqual(otherLedger.balanceCents, 2_500 - 3_000, "the transfer in, the $30.00 payment; the credit and its reversal cancel")

            // The overpaid account is listed for refund with --include-active.
            let credits = try await settle(["collections", "credit-balances", "--as-of", "2025-03-06", "--include-active"], host)
            XCTAssertEqual(credits.status, 0, credits.stderr)
            XCTAssertTrue(credits.stdout.contains("\(other.account)   -$5.00  -           -"), credits.stdout)
            XCTAssertTrue(credits.stdout.hasSuffix("1 account(s), -$5.00 in credit\n"), credits.stdout)
            let closedOnly = try await settle(["collections", "credit-balances", "--as-of", "2025-03-06", "--json"], host)
            XCTAssertNil(try closedOnly.object()["accounts"], "no account is final-billed")

            // A disconnection recorded against the decision that allowed it, once.
            let decided = try await host.evaluate("2025-02-25", account: account)
            let decision = try XCTUnwrap(decided.decisions.first)
            let record = ["collections", "disconnection", "record", "--account", account, "--date", "2025-02-25", "--decision", "\(decision.id)"]
            let recorded = try await settle(record, host)
            XCTAssertEqual(recorded.status, 0, recorded.stderr)
            XCTAssertEqual(recorded.stdout, "disconnection 1 recorded: account \(account) on 2025-02-25 under decision \(decision.id)  [idempotency key disconnection-\(account)-2025-02-25]\n")
            let recordedAgain = try await settle(record, host)
            XCTAssertEqual(recordedAgain.stdout, recorded.stdout)
            let wrongAccount = try await settle(["collections", "disconnection", "record", "--account", other.account, "--date", "2025-02-25", "--decision", "\(decision.id)"], host)
            XCTAssertEqual(wrongAccount.status, 3, wrongAccount.stdout)
            XCTAssertTrue(wrongAccount.stderr.contains("decision \(decision.id) is account \(account)'s, not \(other.account)'s"), wrongAccount.stderr)
        }
    }
}
