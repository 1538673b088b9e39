/// Collections' bound on amounts; the arithmetic and the text of money are the domain kit's
/// (`Dollars`).
enum Money {
    /// The largest amount (either sign) any one entry, payment, dispute, hold, pledge or
    /// arrangement may carry: one billion dollars. Far beyond a utility account's, and small
    /// enough that summing a ledger of them can never overflow 64 bits.
    static let maximumCents: Int64 = 100_000_000_000
}
