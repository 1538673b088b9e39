import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The customer tables: reading a customer whole, and writing its core fields and flags.
enum CustomerRecords {
    /// The customer with everything attached, or NOT_FOUND naming the id.
    static func load(_ id: Int64, in db: Database) throws -> CustomerMessage {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM customer WHERE id = ?", arguments: [id]) else {
            throw AccountsError.notFound("customer \(Identifiers.customerID(id)) does not exist")
        }
        var customer = try basic(from: row)
        customer.flags = try String.fetchAllCached(db, sql: "SELECT flag FROM customer_flag WHERE customer_id = ? ORDER BY flag", arguments: [id])
        customer.taxExemptions = try CertificateRecords.taxExemptions(customer: id, in: db)
        customer.criticalCare = try CertificateRecords.criticalCare(customer: id, in: db)
        customer.bankruptcyCases = try BankruptcyRecords.cases(customer: id, in: db)
        customer.accountNumbers = try Int64.fetchAllCached(db, sql: "SELECT number FROM account WHERE customer_id = ? ORDER BY number", arguments: [id])
            .map(Identifiers.accountNumber)
        return customer
    }

    /// Many customers with only their critical-care certifications and bankruptcy cases (in
    /// `ids` order, unknown or malformed ids in `not_found`): three queries for the whole
    /// batch, each seeking the ids in its index, instead of seven per customer.
    static func exists(_ id: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOneCached(db, sql: "SELECT 1 FROM customer WHERE id = ?", arguments: [id]) == true
    }

    static func protections(_ ids: [(text: String, id: Int64?)], in db: Database) throws -> Settle_Accounts_V1_GetCustomersResponse {
        let numbers = ids.compactMap(\.id)
        let list = "[" + numbers.map(String.init).joined(separator: ",") + "]"
        let existing = Set(try Int64.fetchAllCached(
            db, sql: "SELECT id FROM customer WHERE id IN (SELECT value FROM json_each(?))", arguments: [list]))
        var criticalCare: [Int64: [CriticalCareMessage]] = [:]
        for row in try Row.fetchAllCached(db, sql: """
            SELECT * FROM critical_care WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, effective_date, id
            """, arguments: [list]) {
            criticalCare[try row.int64("customer_id"), default: []].append(try CertificateRecords.criticalCare(from: row))
        }
        var cases: [Int64: [BankruptcyCaseMessage]] = [:]
        for row in try Row.fetchAllCached(db, sql: """
            SELECT * FROM bankruptcy_case WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, petition_date, id
            """, arguments: [list]) {
            cases[try row.int64("customer_id"), default: []].append(try BankruptcyRecords.bankruptcyCase(from: row))
        }
        var response = Settle_Accounts_V1_GetCustomersResponse()
        response.customers.reserveCapacity(existing.count)
        for (text, id) in ids {
            guard let id, existing.contains(id) else {
                response.notFound.append(text)
                continue
            }
            var customer = CustomerMessage()
            customer.id = Identifiers.customerID(id)
            customer.criticalCare = criticalCare[id] ?? []
            customer.bankruptcyCases = cases[id] ?? []
            response.customers.append(customer)
        }
        return response
    }

    /// Throws NOT_FOUND unless the customer exists.
    static func requireExists(_ id: Int64, in db: Database) throws {
        guard try Bool.fetchOneCached(db, sql: "SELECT 1 FROM customer WHERE id = ?", arguments: [id]) != nil else {
            throw AccountsError.notFound("customer \(Identifiers.customerID(id)) does not exist")
        }
    }

    /// Id, kind, name and contact from a `customer` row.
    static func basic(from row: Row) throws -> CustomerMessage {
        var customer = CustomerMessage()
        customer.id = Identifiers.customerID(try row.int64("id"))
        customer.kind = try row.text("kind")
        customer.name = try row.text("name")
        var contact = ContactMessage()
        contact.phone = try row.text("phone")
        contact.email = try row.text("email")
        let address = try row.address(prefix: "mail_")
        if !address.line1.isEmpty { contact.mailingAddress = address }
        customer.contact = contact
        return customer
    }

    static func insert(kind: CustomerKind, name: String, contact: ContactMessage, in db: Database) throws -> Int64 {
        let address = contact.mailingAddress
        try db.executeCached(
            sql: """
                INSERT INTO customer (kind, name, phone, email, mail_line1, mail_line2, mail_city, mail_state, mail_postal_code)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [kind.rawValue, name, contact.phone, contact.email, address.line1, address.line2, address.city, address.state, address.postalCode])
        return db.lastInsertedRowID
    }

    static func update(_ id: Int64, kind: String, name: String, contact: ContactMessage, in db: Database) throws {
        let address = contact.mailingAddress
        try db.executeCached(
            sql: """
                UPDATE customer SET kind = ?, name = ?, phone = ?, email = ?, mail_line1 = ?, mail_line2 = ?,
                    mail_city = ?, mail_state = ?, mail_postal_code = ?
                WHERE id = ?
                """,
            arguments: [kind, name, contact.phone, contact.email, address.line1, address.line2, address.city, address.state, address.postalCode, id])
    }

    static func setFlags(_ id: Int64, add: [String], remove: [String], in db: Database) throws {
        for flag in remove {
            try db.executeCached(sql: "DELETE FROM customer_flag WHERE customer_id = ? AND flag = ?", arguments: [id, flag])
        }
        for flag in add {
            try db.executeCached(sql: "INSERT OR IGNORE INTO customer_flag (customer_id, flag) VALUES (?, ?)", arguments: [id, flag])
        }
    }

    /// A page of customers by id, optionally whose name contains `nameContains` (any case).
    static func list(
        nameContains: String, exemptionExpiring: ClosedRange<String>? = nil, after: Int64?, limit: Int, in db: Database
    ) throws -> [CustomerMessage] {
        var filter = SQLFilter()
        if let after { filter.add("id > ?", [after]) }
        if let exemptionExpiring {
            filter.add("id IN (SELECT customer_id FROM tax_exemption WHERE ended_reason = '' AND expiry_date BETWEEN ? AND ?)",
                       [exemptionExpiring.lowerBound, exemptionExpiring.upperBound])
        }
        if !nameContains.isEmpty {
            let escaped = nameContains.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            filter.add("name LIKE ? ESCAPE '\\'", ["%\(escaped)%"])
        }
        var arguments = filter.arguments
        arguments += [limit]
        return try Row.fetchAllCached(db, sql: "SELECT * FROM customer \(filter.whereClause) ORDER BY id LIMIT ?", arguments: arguments)
            .map(basic(from:))
    }
}
