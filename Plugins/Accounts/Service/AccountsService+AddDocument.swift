import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

extension AccountsService {
    /// Adds one of a customer's documents (a tax-exemption certificate, a critical-care
    /// certification, a bankruptcy case) once per idempotency key: the customer must exist,
    /// the audit record holds the document as stored, and the answer is the customer as it
    /// now stands. `insert` checks what only the store can check and returns the document.
    func addDocument<Request: SwiftProtobuf.Message, Document: SwiftProtobuf.Message>(
        _ request: Request, key: String, customer: Int64, context: ServerContext,
        _ insert: @escaping @Sendable (Database) throws -> Document
    ) async throws -> Settle_Accounts_V1_CustomerResponse {
        try await mutate(request, key: key, context: context) { db, audit in
            try CustomerRecords.requireExists(customer, in: db)
            let added = try insert(db)
            try audit.record(entity: AuditEntity.customer(customer), after: AuditEntity.json(added))
            return Self.customerResponse(try CustomerRecords.load(customer, in: db))
        }.response
    }
}
