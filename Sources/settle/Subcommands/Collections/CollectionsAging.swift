import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle collections aging --as-of DATE [--csv | --json] [--accounts]`.
struct CollectionsAging: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging",
        abstract: "Aging buckets by days past each charge's due date, by rate class and for the portfolio, tied to the ledger.",
        discussion: "Exits 1 when the portfolio total does not equal the sum of the ledger's entries.")

    @Option(name: .long, help: "As of this date, YYYY-MM-DD.") var asOf: String
    @Flag(name: .long, help: "Print CSV: one row per rate class and the portfolio (and accounts with --accounts).") var csv = false
    @Flag(name: .long, help: "One row per account with a balance too.") var accounts = false
    @OptionGroup var connection: ConnectionOptions

    static let headers = ["ROW", "RATE CLASS", "ACCOUNTS", "CURRENT", "1-30", "31-60", "61-90", "91-120", "OVER 120", "CREDIT", "TOTAL"]

    func run() async throws {
        var request = Settle_Collections_V1_GetAgingRequest()
        request.asOf = asOf
        request.includeAccounts = accounts
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).getAging(request, options: connection.callOptions)
        }
        if connection.json {
            try Output.message(response)
        } else {
            var rows: [[String]] = []
            for row in response.accounts { rows.append(Self.cells("account \(row.accountNumber)", row.rateClass, row.buckets, csv: csv)) }
            for (rateClass, buckets) in response.byRateClass.sorted(by: { $0.key < $1.key }) {
                rows.append(Self.cells("class", rateClass, buckets, csv: csv))
            }
            rows.append(Self.cells("portfolio", "", response.portfolio, csv: csv))
            if csv {
                print(["row", "rate_class", "accounts", "current_cents", "days_1_30_cents", "days_31_60_cents", "days_61_90_cents",
                       "days_91_120_cents", "over_120_cents", "credit_cents", "total_cents"].joined(separator: ","))
                for row in rows { print(row.joined(separator: ",")) }
            } else {
                print("aging as of \(response.asOf)")
                Output.table(Self.headers, rows)
                // Budget billing's deferred balance is part of each total, in no age bucket.
                if response.portfolio.deferredCents != 0 {
                    print("deferred (budget billing) \(Dollars.signed(response.portfolio.deferredCents)), in the totals, not aged")
                }
                print("ledger total \(Dollars.signed(response.ledgerTotalCents)): \(response.tiesToLedger ? "ties" : "DOES NOT TIE")")
            }
        }
        if !response.tiesToLedger { throw ExitCode(1) }
    }

    static func cells(_ row: String, _ rateClass: String, _ b: Settle_Collections_V1_AgingBuckets, csv: Bool) -> [String] {
        let money: (Int64) -> String = csv ? { "\($0)" } : { Dollars.signed($0) }
        return [row, rateClass, "\(b.accounts)", money(b.currentCents), money(b.days130Cents), money(b.days3160Cents), money(b.days6190Cents),
                money(b.days91120Cents), money(b.over120Cents), money(b.creditCents), money(b.totalCents)]
    }
}
