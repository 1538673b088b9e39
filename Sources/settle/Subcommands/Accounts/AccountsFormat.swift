import ArgumentParser
import Foundation
import SettleContracts
import SettleDomain
import SwiftProtobuf

/// How the Accounts commands show money, addresses and messages.
enum AccountsFormat {
    /// Cents as dollars with two decimals, e.g. `$1,250.00`; exact, no floating point.
    static func dollars(_ cents: Int64) -> String { Dollars.signed(cents) }

    /// Cents as a grouped amount without the dollar sign, e.g. `1,250.00` or `-0.05`, for
    /// columns headed AMOUNT and for CSV.
    static func amount(_ cents: Int64) -> String { Dollars.grouped(cents) }

    /// Parses dollars such as `125`, `125.5` or `1,250.00` into exact cents.
    static func cents(fromDollars text: String) -> Int64? { Dollars.cents(text) }

    /// `12 Oak St, Apt 2, Springfield, IL 62701`, or `-` when empty.
    static func oneLine(_ address: Settle_Accounts_V1_Address) -> String {
        let street = [address.line1, address.line2].filter { !$0.isEmpty }.joined(separator: ", ")
        let place = [address.city, [address.state, address.postalCode].filter { !$0.isEmpty }.joined(separator: " ")]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        let text = [street, place].filter { !$0.isEmpty }.joined(separator: ", ")
        return text.isEmpty ? "-" : text
    }

    static func dash(_ text: String) -> String { text.isEmpty ? "-" : text }

    /// A date range `2025-01-01 – 2025-12-31`, open-ended as `2025-01-01 –`.
    static func period(_ start: String, _ end: String) -> String {
        end.isEmpty ? "\(start) –" : "\(start) – \(end)"
    }

    /// Prints a message as protobuf-JSON: snake_case names, cents as JSON numbers, keys
    /// sorted; fields at their default (0, "", false, empty) are left out, as protobuf-JSON does.
    static func printJSON(_ message: some SwiftProtobuf.Message) throws {
        var options = JSONEncodingOptions()
        options.alwaysPrintInt64sAsNumbers = true
        options.preserveProtoFieldNames = true
        let data = try message.jsonUTF8Data(options: options)
        Output.json(try JSONSerialization.jsonObject(with: data))
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
            [$0.premiseID, $0.serviceType, $0.kind, $0.date, $0.requested ? "yes" : "NO", dash($0.meterSerials.joined(separator: " ")), dash($0.note)]
        })
        return outcomes.allSatisfy(\.requested)
    }
}
