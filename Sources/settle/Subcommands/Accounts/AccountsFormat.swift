import ArgumentParser
import Foundation
import SettleContracts
import SettleDomain
import SwiftProtobuf

/// How the Accounts commands show and take addresses, and print the read requests a move makes.
enum AccountsFormat {
    /// `12 Oak St, Apt 2, Springfield, IL 62701`, or `-` when empty.
    static func oneLine(_ address: Settle_Accounts_V1_Address) -> String {
        let street = [address.line1, address.line2].filter { !$0.isEmpty }.joined(separator: ", ")
        let place = [address.city, [address.state, address.postalCode].filter { !$0.isEmpty }.joined(separator: " ")]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        let text = [street, place].filter { !$0.isEmpty }.joined(separator: ", ")
        return Cell.dash(text)
    }

    /// Builds an address from the command's flags, or nil when none were given.
    static func address(line1: String?, line2: String?, city: String?, state: String?, zip: String?) -> Settle_Accounts_V1_Address? {
        guard [line1, line2, city, state, zip].contains(where: { $0 != nil }) else { return nil }
        var address = Settle_Accounts_V1_Address()
        address.line1 = line1 ?? ""
        address.line2 = line2 ?? ""
        address.city = city ?? ""
        address.state = state ?? ""
        address.postalCode = zip ?? ""
        return address
    }

    /// `current` with the given lines replaced: a correction names only what changes, the
    /// rest of the address is kept (the contract replaces an address whole).
    static func merged(_ current: Settle_Accounts_V1_Address, line1: String?, line2: String?, city: String?, state: String?, zip: String?) -> Settle_Accounts_V1_Address {
        var address = current
        if let line1 { address.line1 = line1 }
        if let line2 { address.line2 = line2 }
        if let city { address.city = city }
        if let state { address.state = state }
        if let zip { address.postalCode = zip }
        return address
    }

    /// The read-request lines after a move; returns false when any request failed.
    static func printReadRequests(_ outcomes: [Settle_Accounts_V1_ReadRequestOutcome]) -> Bool {
        guard !outcomes.isEmpty else { return true }
        print("")
        Output.table(["PREMISE", "SERVICE", "READ", "DATE", "REQUESTED", "METERS", "NOTE"], outcomes.map {
            [$0.premiseID, $0.serviceType, $0.kind, $0.date, $0.requested ? "yes" : "NO", Cell.dash($0.meterSerials.joined(separator: " ")), Cell.dash($0.note)]
        })
        return outcomes.allSatisfy(\.requested)
    }
}
