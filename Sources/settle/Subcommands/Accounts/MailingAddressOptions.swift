import ArgumentParser
import SettleContracts

/// The five `--mail-*` flags of a mailing address, shared by the commands that add or correct a
/// customer and open, move in or correct an account, so the flags keep one name and one meaning.
///
/// Every flag is optional: a command that creates builds the address from the flags given, a
/// command that corrects changes only the lines given (the contract replaces an address whole).
struct MailingAddressOptions: ParsableArguments {
    @Option(name: .long, help: "Mailing address line 1 (an account's: where its bills go; default: the customer's).")
    var mailLine1: String?
    @Option(name: .long, help: "Mailing address line 2.") var mailLine2: String?
    @Option(name: .long, help: "City.") var mailCity: String?
    @Option(name: .long, help: "Two-letter state code.") var mailState: String?
    @Option(name: .long, help: "ZIP or ZIP+4.") var mailZip: String?

    /// Whether any `--mail-*` flag was given.
    var isGiven: Bool { [mailLine1, mailLine2, mailCity, mailState, mailZip].contains { $0 != nil } }

    /// The address the flags give, or nil when none was given.
    var address: Settle_Accounts_V1_Address? {
        AccountsFormat.address(line1: mailLine1, line2: mailLine2, city: mailCity, state: mailState, zip: mailZip)
    }

    /// `current` with the lines the flags give replaced and the rest kept.
    func merged(into current: Settle_Accounts_V1_Address) -> Settle_Accounts_V1_Address {
        AccountsFormat.merged(current, line1: mailLine1, line2: mailLine2, city: mailCity, state: mailState, zip: mailZip)
    }
}
