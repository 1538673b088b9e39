import SettleDomain
import SettleRPC

/// How customers, accounts and premises are named outside the module, and parsed back.
///
/// Customers are `C` and six or more digits (`C000042`), accounts are plain numbers from
/// 100001, premises are the utility's own numbers (upper-case letters, digits, dashes) or
/// `P` and six or more digits (`P000042`) when Settle assigns them.
enum Identifiers {
    /// The first account number handed out.
    static let firstAccountNumber: Int64 = 100_001

    static let customerIDs = RecordID("C")
    static let premiseIDs = RecordID("P")

    static func customerID(_ rowID: Int64) -> String { customerIDs.text(rowID) }

    static func premiseID(_ sequence: Int64) -> String { premiseIDs.text(sequence) }

    static func accountNumber(_ number: Int64) -> String { String(number) }

    /// The row id in a customer id, or INVALID_ARGUMENT naming `field`.
    static func parseCustomerID(_ text: String, field: String = "customer_id") throws(RPCError) -> Int64 {
        if text.isEmpty { throw AccountsError.required(field, hint: "like C000001") }
        guard let value = customerIDs.row(text) else {
            throw AccountsError.rejected(field, text, "is not a customer id (like C000001)")
        }
        return value
    }

    /// An account number, or INVALID_ARGUMENT naming `field`.
    static func parseAccountNumber(_ text: String, field: String = "account_number") throws(RPCError) -> Int64 {
        if text.isEmpty { throw AccountsError.required(field, hint: "like 100001") }
        guard let value = digits(text[...]), value > 0 else {
            throw AccountsError.rejected(field, text, "is not an account number (digits, like 100001)")
        }
        return value
    }

    /// A premise id: 1–32 of A–Z, 0–9 and dashes, starting with a letter or digit.
    static func parsePremiseID(_ text: String, field: String = "premise_id") throws(RPCError) -> String {
        if text.isEmpty { throw AccountsError.required(field, hint: "like P000001") }
        let scalars = text.unicodeScalars
        let valid = scalars.count <= 32 && scalars.first != "-"
            && scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard valid else {
            throw AccountsError.rejected(field, text, "must be 1–32 upper-case letters, digits or dashes (like P000001)")
        }
        return text
    }

    /// A record id (agreement, certificate, case), or INVALID_ARGUMENT naming `field` when it is zero.
    static func requireID(_ id: UInt64, field: String) throws(RPCError) -> Int64 {
        guard id > 0, id <= UInt64(Int64.max) else { throw AccountsError.required(field, hint: "a positive number") }
        return Int64(id)
    }

    private static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 18, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int64(text)
    }
}
