import SwiftProtobuf

/// How audit records name what changed, so one entity's history is one query.
///
/// Certificates, certifications and bankruptcy cases are recorded against their customer
/// (the method name says which kind), so a customer's whole history reads in order.
enum AuditEntity {
    static func customer(_ id: Int64) -> String { "customer/\(Identifiers.customerID(id))" }
    static func account(_ number: Int64) -> String { "account/\(number)" }
    static func account(_ number: String) -> String { "account/\(number)" }
    static func premise(_ id: String) -> String { "premise/\(id)" }
    static func agreement(_ id: UInt64) -> String { "agreement/\(id)" }

    /// The contract's JSON form of a message: what before/after hold.
    static func json(_ message: some SwiftProtobuf.Message) throws -> String {
        try message.jsonString()
    }
}
