import Foundation
import Logging
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Serves `settle.collections.v1.Collections`; each area's methods live in their own
/// extension (`+BillCharges`, `+Ledger`, `+Payments`, `+Aging`, `+Notices`, `+Eligibility`,
/// `+Cases`). This holds what they share.
struct CollectionsService: CollectionsV1.ServiceProtocol, ModuleService {
    let store: ModuleStore
    /// What Collections needs from Accounts (premises' weather zones, certifications,
    /// bankruptcy cases, whether an account exists), fetched in bulk.
    let accounts: any AccountFactsSource
    /// Accounts itself, for closing a final-billed account once its balance is zero.
    let accountsClient: AccountsV1.Client
    /// The utility's time zone: an empty date means today in it.
    let timeZone: TimeZone
    let logger: Logger
    /// The utility's holiday calendar (Programs'), beside the policy's own holidays; none in
    /// tests that build the service without it.
    var holidays: (any HolidaySource)? = nil

    /// A date field, or today when empty.
    func date(_ text: String, field: String) throws -> LocalDate {
        try LocalDate.parse(text, field: field, default: today)
    }
}

/// Small JSON for audit records' before/after, without a Codable round trip.
enum AuditJSON {
    static func object(_ fields: KeyValuePairs<String, Any>) -> String {
        object(fields.map { ($0.key, $0.value) })
    }

    static func object(_ fields: [(String, Any)]) -> String {
        let body = fields.map { key, value -> String in
            let rendered: String
            switch value {
            case let text as String: rendered = JSONText.quoted(text)
            case let number as Int64: rendered = String(number)
            case let number as Int: rendered = String(number)
            case let number as UInt32: rendered = String(number)
            case let number as UInt64: rendered = String(number)
            case let flag as Bool: rendered = flag ? "true" : "false"
            case let list as [String]: rendered = "[" + list.map(JSONText.quoted).joined(separator: ",") + "]"
            default: rendered = JSONText.quoted(String(describing: value))
            }
            return "\(JSONText.quoted(key)):\(rendered)"
        }
        return "{" + body.joined(separator: ",") + "}"
    }
}
