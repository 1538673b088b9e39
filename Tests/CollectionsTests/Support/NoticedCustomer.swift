extension CollectionsHost {
    /// A served customer with a $200.00 bill dated 2025-01-10 and due 2025-02-01, mild
    /// weather, and the past-due (2025-02-06) and disconnect (2025-02-13) notices served:
    /// disconnectable from the disconnect notice's date unless a protection stops it.
    ///
    /// The eligibility rules and their command-line forms are tried on this same account; one
    /// place keeps its bill and notice dates, which the tests' expected days depend on.
    func noticedCustomer() async throws -> ServedCustomer {
        let customer = try await servedCustomer()
        try await post([charge("B-1", account: customer.account, agreement: customer.agreementID, cents: 20_000, billDate: "2025-01-10", dueDate: "2025-02-01")])
        _ = try await importWeather(mildWeather())
        _ = try await runNotices("2025-02-06")
        _ = try await runNotices("2025-02-13")
        return customer
    }
}
