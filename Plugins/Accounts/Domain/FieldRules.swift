import Foundation
import SettleContracts
import SettleDomain
import SettleRPC

/// The rules for free-text fields, each failing with INVALID_ARGUMENT that names the field.
enum FieldRules {
    /// Largest deposit accepted, in cents ($1,000,000): a guard against a misplaced decimal.
    static let maximumDepositCents: Int64 = 100_000_000
    static let billCycles: ClosedRange<UInt32> = 1...20

    /// Trimmed, non-empty text of at most `maxLength` characters.
    static func requiredText(_ text: String, field: String, maxLength: Int = 200) throws(RPCError) -> String {
        let trimmed = trim(text)
        if trimmed.isEmpty { throw AccountsError.required(field) }
        return try optionalText(trimmed, field: field, maxLength: maxLength)
    }

    /// Trimmed text of at most `maxLength` characters, possibly empty.
    static func optionalText(_ text: String, field: String, maxLength: Int = 200) throws(RPCError) -> String {
        let trimmed = trim(text)
        guard trimmed.count <= maxLength else {
            throw AccountsError.invalidArgument("\(field) is \(trimmed.count) characters; at most \(maxLength) are allowed")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AccountsError.invalidArgument("\(field) contains control characters")
        }
        return trimmed
    }

    /// Lower-case kebab words (`sales-tax`, `north`, `do-not-call`), 1–40 characters.
    static func kebab(_ text: String, field: String, example: String) throws(RPCError) -> String {
        if text.isEmpty { throw AccountsError.required(field, hint: "lower-case words joined by dashes, like '\(example)'") }
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        let valid = text.count <= 40 && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
        guard valid else {
            throw AccountsError.rejected(field, text, "must be lower-case letters and digits joined by single dashes, at most 40 characters (like '\(example)')")
        }
        return text
    }

    /// A tariff code as Rating names it: 1–32 of A–Z, 0–9, `-`, `_`, `.`, starting with a letter or digit.
    static func rateSchedule(_ text: String, field: String) throws(RPCError) -> String {
        if text.isEmpty { throw AccountsError.required(field, hint: "a tariff code like RES-1") }
        let scalars = text.unicodeScalars
        let first = scalars.first.map { ("A"..."Z").contains($0) || ("0"..."9").contains($0) } ?? false
        let valid = first && scalars.count <= 32
            && scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
        guard valid else {
            throw AccountsError.rejected(field, text, "must be 1–32 upper-case letters, digits, '-', '_' or '.' (a tariff code like RES-1)")
        }
        return text
    }

    static func billCycle(_ cycle: UInt32, field: String = "bill_cycle") throws(RPCError) -> Int {
        guard billCycles.contains(cycle) else {
            throw AccountsError.invalidArgument("\(field) \(cycle) is out of range: bill cycles are 1 to 20")
        }
        return Int(cycle)
    }

    static func depositCents(_ cents: Int64, field: String = "deposit_cents") throws(RPCError) -> Int64 {
        guard cents >= 0 else { throw AccountsError.invalidArgument("\(field) \(cents) is negative; a deposit is zero or more cents") }
        guard cents <= maximumDepositCents else {
            throw AccountsError.invalidArgument("\(field) \(cents) is above the \(maximumDepositCents)-cent limit; check the amount is in cents")
        }
        return cents
    }

    /// 7–15 digits, allowing a leading `+`, spaces, dashes, dots and parentheses; empty is allowed.
    static func phone(_ text: String, field: String) throws(RPCError) -> String {
        let trimmed = trim(text)
        if trimmed.isEmpty { return "" }
        let allowed = trimmed.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " -.()+".unicodeScalars.contains($0) }
        let digits = trimmed.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        guard allowed, (7...15).contains(digits), !trimmed.dropFirst().contains("+") else {
            throw AccountsError.rejected(field, text, "is not a phone number (7 to 15 digits; '+', spaces, dashes, dots and parentheses allowed)")
        }
        return trimmed
    }

    /// `local@domain.tld` with no spaces; empty is allowed.
    static func email(_ text: String, field: String) throws(RPCError) -> String {
        let trimmed = trim(text)
        if trimmed.isEmpty { return "" }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && trimmed.count <= 254
            && !trimmed.contains(where: { $0.isWhitespace })
        guard valid else { throw AccountsError.rejected(field, text, "is not an email address (like name@example.org)") }
        return trimmed
    }

    /// A complete US postal address (line1, city, two-letter state, ZIP or ZIP+4), trimmed
    /// and with the state upper-cased; nil when every part is empty and `required` is false.
    static func address(_ address: Settle_Accounts_V1_Address, field: String, required: Bool) throws(RPCError) -> Settle_Accounts_V1_Address? {
        let isEmpty = [address.line1, address.line2, address.city, address.state, address.postalCode].allSatisfy { trim($0).isEmpty }
        if isEmpty {
            if required { throw AccountsError.required(field, hint: "line1, city, state, postal_code") }
            return nil
        }
        var clean = Settle_Accounts_V1_Address()
        clean.line1 = try requiredText(address.line1, field: "\(field).line1")
        clean.line2 = try optionalText(address.line2, field: "\(field).line2")
        clean.city = try requiredText(address.city, field: "\(field).city", maxLength: 100)
        let state = trim(address.state).uppercased()
        guard state.count == 2, state.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw AccountsError.rejected("\(field).state", address.state, "must be a two-letter state code (like IL)")
        }
        clean.state = state
        let zip = Array(trim(address.postalCode).unicodeScalars)
        func allDigits(_ part: ArraySlice<Unicode.Scalar>) -> Bool { part.allSatisfy { ("0"..."9").contains($0) } }
        let validZip = (zip.count == 5 && allDigits(zip[0..<5]))
            || (zip.count == 10 && allDigits(zip[0..<5]) && zip[5] == "-" && allDigits(zip[6..<10]))
        guard validZip else {
            throw AccountsError.rejected("\(field).postal_code", address.postalCode, "must be a ZIP code like 62701 or 62701-1234")
        }
        clean.postalCode = trim(address.postalCode)
        return clean
    }

    /// Checks a contact: phone and email formats, and the mailing address when given.
    static func contact(_ contact: Settle_Accounts_V1_Contact, field: String = "contact") throws(RPCError) -> Settle_Accounts_V1_Contact {
        var clean = Settle_Accounts_V1_Contact()
        clean.phone = try phone(contact.phone, field: "\(field).phone")
        clean.email = try email(contact.email, field: "\(field).email")
        if let address = try address(contact.mailingAddress, field: "\(field).mailing_address", required: false) {
            clean.mailingAddress = address
        }
        return clean
    }

    /// Distinct, sorted free flags, each lower-case kebab.
    static func flags(_ flags: [String], field: String) throws(RPCError) -> [String] {
        var result = Set<String>()
        for flag in flags { result.insert(try kebab(flag, field: field, example: "do-not-call")) }
        return result.sorted()
    }

    private static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
