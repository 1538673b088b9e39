import ArgumentParser
import SettleContracts

/// `settle ledger`: the Collections ledger — an account's position and the trial balance.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The per-account ledger: show an account, post an entry, check the trial balance.",
        subcommands: [LedgerCheck.self, LedgerShow.self, LedgerPost.self, LedgerApprove.self, LedgerTransfer.self, LedgerReverse.self]
    )
}

/// `settle ledger post --account N --kind K --amount A [--date D] [--due D] [--memo T]`.
struct LedgerPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post an adjustment, credit, write-off or deposit entry (billed, applied, refunded).",
        discussion: """
            The amount is positive and the kind gives the entry its sign: credit, write_off and \
            deposit_applied lower what is owed, deposit_billed raises it, deposit_refunded leaves it \
            and only lowers the deposit held; an adjustment may be negative (--amount=-12.50). A deposit \
            applied or refunded cannot exceed the deposit held.
            """)

    @Option(name: .long, help: "Account number.") var account: String
    @Option(name: .long, help: "adjustment, credit, write_off, deposit_billed, deposit_applied or deposit_refunded.") var kind: String
    @Option(name: .long, help: "Amount in dollars, e.g. 125.00.") var amount: String
    @Option(name: .long, help: "The entry's date, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: .long, help: "When an amount owed is due, YYYY-MM-DD (default: the entry's date).") var due: String?
    @Option(name: .long, help: "A note on the entry.") var memo = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        _ = try CollectionsFormat.amount(amount, option: "--amount", signed: kind == "adjustment")
    }

    func run() async throws {
        var request = Settle_Collections_V1_PostEntryRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.accountNumber = account
        request.kind = kind
        request.amountCents = try CollectionsFormat.amount(amount, option: "--amount", signed: kind == "adjustment")
        request.entryDate = date ?? ""
        request.dueDate = due ?? ""
        request.memo = memo
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).postEntry(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        if response.pendingApprovalID != 0 {
            return print("pending entry \(response.pendingApprovalID): \(kind) \(amount) to \(account) waits for a second person (settle ledger approve \(response.pendingApprovalID)); nothing posted yet  [idempotency key \(request.idempotencyKey)]")
        }
        let entry = response.entry
        var line = "entry \(entry.id): \(entry.kind) \(AccountsFormat.dollars(entry.amountCents)) to \(entry.accountNumber) on \(entry.entryDate)"
        if entry.depositCents != 0 {
            line += " (deposit \(AccountsFormat.dollars(entry.depositCents)), deposit held \(AccountsFormat.dollars(response.depositHeldCents)))"
        }
        print(line + "; balance \(AccountsFormat.dollars(response.balanceCents))  [idempotency key \(request.idempotencyKey)]")
    }
}

/// `settle ledger approve PENDING`: post a credit or write-off another clerk entered above the
/// two-person threshold.
struct LedgerApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Post a credit or write-off that waits for a second person (never the one who entered it).")

    @Argument(help: "The pending entry's id, as settle ledger post printed it.") var pending: UInt64
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_ApproveEntryRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "approve-entry-\(pending)"
        request.pendingID = pending
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(CollectionsV1.Client.self).approveEntry(request, options: options) }
        if connection.json { return try AccountsFormat.printJSON(response) }
        let entry = response.entry
        print("entry \(entry.id): \(entry.kind) \(AccountsFormat.dollars(entry.amountCents)) to \(entry.accountNumber) on \(entry.entryDate) (pending entry \(pending) approved); balance \(AccountsFormat.dollars(response.balanceCents))")
    }
}

/// `settle ledger check`: sum of balances against sum of entries. Exits 1 when unbalanced.
struct LedgerCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Trial balance: every account's balance summed against the sum of all entries (exit 1 when they differ).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).checkLedger(.init(), options: connection.callOptions)
        }
        if connection.json {
            try AccountsFormat.printJSON(response)
        } else {
            Output.table(["KIND", "SUM"], response.byKindCents.sorted { $0.key < $1.key }.map { [$0.key, AccountsFormat.dollars($0.value)] })
            print("accounts \(response.accounts), entries \(response.entries)")
            print("sum of balances \(AccountsFormat.dollars(response.sumOfBalancesCents)); sum of entries \(AccountsFormat.dollars(response.sumOfEntriesCents))")
            print(response.balanced ? "balanced" : "NOT BALANCED")
            for problem in response.problems { print("  \(problem)") }
        }
        if !response.balanced { throw ExitCode(1) }
    }
}

/// `settle ledger show ACCOUNT [--as-of DATE] [--entries]`.
struct LedgerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "An account's balance, past due, open items (oldest first) and, with --entries, its entries.")

    @Argument(help: "Account number.") var account: String
    @Option(name: .long, help: "As of this date, YYYY-MM-DD (default: every entry).") var asOf: String?
    @Flag(name: .long, help: "List the entries too.") var entries = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Collections_V1_GetAccountLedgerRequest()
        request.accountNumber = account
        request.asOf = asOf ?? ""
        request.includeEntries = entries
        let response = try await connection.withClient {
            try await $0.client(CollectionsV1.Client.self).getAccountLedger(request, options: connection.callOptions)
        }
        if connection.json { return try AccountsFormat.printJSON(response) }
        print("account \(response.accountNumber) as of \(response.asOf)")
        print("  balance \(AccountsFormat.dollars(response.balanceCents)), past due \(AccountsFormat.dollars(response.pastDueCents)), credit \(AccountsFormat.dollars(response.creditCents)), held \(AccountsFormat.dollars(response.heldCents))")
        // Budget billing: the actual charges billed under a plan beyond the installments they made due.
        if response.deferredCents != 0 {
            print("  deferred (budget billing) \(AccountsFormat.dollars(response.deferredCents)): actual charges less installments billed, not due until the plan settles up or ends")
        }
        Output.table(["ENTRY", "KIND", "BILL", "DUE", "ORIGINAL", "OPEN", "DAYS PAST DUE"], response.openItems.map {
            ["\($0.entryID)", $0.kind, $0.billID, $0.dueDate, AccountsFormat.dollars($0.originalCents), AccountsFormat.dollars($0.openCents), "\(max(0, $0.daysPastDue))"]
        })
        if entries {
            Output.table(["ID", "DATE", "KIND", "AMOUNT", "DUE", "BILL", "REFERENCE", "REVERSES", "MEMO"], response.entries.map {
                ["\($0.id)", $0.entryDate, $0.kind, AccountsFormat.dollars($0.amountCents), $0.dueDate, $0.billID, $0.reference,
                 $0.reversesID == 0 ? "" : "\($0.reversesID)", $0.memo]
            })
        }
    }
}
