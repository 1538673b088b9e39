import SettleContracts
import SettleDomain
import SettleRPC

/// What eligibility needs to know about an account from Accounts.
struct AccountFacts: Sendable, Equatable {
    var accountNumber: String
    var customerID: String = ""
    /// Weather zones of the premises where the account has service.
    var weatherZones: [String] = []
    /// Critical-care certifications: effective and expiry day numbers (inclusive).
    var criticalCare: [(from: Int, through: Int, by: String)] = []
    /// Bankruptcy cases: petition day and, once resolved, the resolution day.
    var bankruptcies: [(caseNumber: String, petitionDay: Int, resolvedDay: Int?)] = []

    static func == (lhs: AccountFacts, rhs: AccountFacts) -> Bool {
        lhs.accountNumber == rhs.accountNumber && lhs.customerID == rhs.customerID && lhs.weatherZones == rhs.weatherZones
    }
}

/// Where Collections learns about accounts: the Accounts contract, or a stand-in in tests.
protocol AccountFactsSource: Sendable {
    /// Whether Accounts has this account.
    func accountExists(_ number: String) async throws -> Bool
    /// Which of these accounts Accounts has, asked a few thousand at a time: a payment file's
    /// accounts cost one call a batch, not one an account, so an import keeps moving while
    /// readers keep Accounts busy.
    func existingAccounts(_ numbers: Set<String>) async throws -> Set<String>
    /// Facts for each account asked (missing from the result: Accounts does not know it).
    func facts(for accounts: Set<String>) async throws -> [String: AccountFacts]
}

/// Facts from the Accounts module in bulk: agreements page by page (10,000 a call) for the
/// zones and customers, then the distinct customers' certifications and cases, 5,000 a call.
struct AccountsFactsSource: AccountFactsSource {
    let client: AccountsV1.Client

    func accountExists(_ number: String) async throws -> Bool {
        var request = Settle_Accounts_V1_GetAccountRequest()
        request.accountNumber = number
        do {
            _ = try await client.getAccount(request)
            return true
        } catch let error as RPCError where error.code == .notFound {
            return false
        }
    }

    func existingAccounts(_ numbers: Set<String>) async throws -> Set<String> {
        // Only well-formed numbers can be Accounts accounts, and only as Accounts writes them
        // ("0100001" is not account 100001: the ledger would keep it apart).
        let asked = numbers.filter { (1...18).contains($0.utf8.count) && $0.utf8.allSatisfy({ (48...57).contains($0) }) && !$0.hasPrefix("0") }.sorted()
        var found: Set<String> = []
        for start in stride(from: 0, to: asked.count, by: 5_000) {
            var request = Settle_Accounts_V1_ListAccountsRequest()
            request.accountNumbers = Array(asked[start..<min(start + 5_000, asked.count)])
            request.pageSize = 5_000
            for account in try await client.listAccounts(request).accounts where numbers.contains(account.number) { found.insert(account.number) }
        }
        return found
    }

    func facts(for accounts: Set<String>) async throws -> [String: AccountFacts] {
        var facts: [String: AccountFacts] = [:]
        // Only these accounts' agreements, 2,000 accounts a request (well-formed numbers only:
        // anything else is not an Accounts account and gets no facts).
        let numbers = accounts.filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }.sorted()
        for start in stride(from: 0, to: numbers.count, by: 2_000) {
            var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
            request.pageSize = 10_000
            request.statuses = ["active", "pending_final"]
            request.accountNumbers = Array(numbers[start..<min(start + 2_000, numbers.count)])
            while true {
                let page = try await client.listServiceAgreements(request)
                for agreement in page.agreements where accounts.contains(agreement.accountNumber) {
                    var fact = facts[agreement.accountNumber] ?? AccountFacts(accountNumber: agreement.accountNumber)
                    fact.customerID = agreement.customerID
                    if !agreement.weatherZone.isEmpty, !fact.weatherZones.contains(agreement.weatherZone) {
                        fact.weatherZones.append(agreement.weatherZone)
                    }
                    facts[agreement.accountNumber] = fact
                }
                guard !page.nextPageToken.isEmpty else { break }
                request.pageToken = page.nextPageToken
            }
        }
        // Accounts with no agreement in service: still ask for their customer.
        for number in accounts where facts[number] == nil {
            var get = Settle_Accounts_V1_GetAccountRequest()
            get.accountNumber = number
            if let account = try? await client.getAccount(get) {
                facts[number] = AccountFacts(accountNumber: number, customerID: account.account.customerID)
            }
        }
        let customers = Set(facts.values.map(\.customerID).filter { !$0.isEmpty })
        let details = try await customerDetails(customers)
        for (number, fact) in facts {
            guard let customer = details[fact.customerID] else { continue }
            var updated = fact
            updated.criticalCare = customer.criticalCare.compactMap { cert in
                guard let from = LocalDate(plausible: cert.effectiveDate) else { return nil }
                return (from.dayNumber, LocalDate(plausible: cert.expiryDate)?.dayNumber ?? Int.max, cert.certifiedBy)
            }
            updated.bankruptcies = customer.bankruptcyCases.compactMap { bankruptcy in
                guard let petition = LocalDate(plausible: bankruptcy.petitionDate) else { return nil }
                return (bankruptcy.caseNumber, petition.dayNumber, LocalDate(plausible: bankruptcy.resolvedDate)?.dayNumber)
            }
            facts[number] = updated
        }
        return facts
    }

    /// Every customer's certifications and cases (nothing else), 5,000 customers a call.
    private func customerDetails(_ ids: Set<String>) async throws -> [String: Settle_Accounts_V1_Customer] {
        var result: [String: Settle_Accounts_V1_Customer] = [:]
        let all = ids.sorted()
        for start in stride(from: 0, to: all.count, by: 5_000) {
            var request = Settle_Accounts_V1_GetCustomersRequest()
            request.customerIds = Array(all[start..<min(start + 5_000, all.count)])
            request.view = .protections
            for customer in try await client.getCustomers(request).customers { result[customer.id] = customer }
        }
        return result
    }
}
