import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Tax-exemption certificates and critical-care certifications: dated documents a customer
/// holds, each in force from its effective date through its expiry date inclusive.
enum CertificateRecords {
    static func taxExemptions(customer: Int64, in db: Database) throws -> [TaxExemptionMessage] {
        try Row.fetchAllCached(
            db, sql: "SELECT * FROM tax_exemption WHERE customer_id = ? ORDER BY tax_type, effective_date, id", arguments: [customer]
        ).map(taxExemption(from:))
    }

    /// One certificate of the customer, or NOT_FOUND naming both.
    static func taxExemption(_ id: Int64, customer: Int64, in db: Database) throws -> TaxExemptionMessage {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM tax_exemption WHERE id = ? AND customer_id = ?", arguments: [id, customer]) else {
            throw AccountsError.notFound("customer \(Identifiers.customerID(customer)) has no tax exemption \(id)")
        }
        return try taxExemption(from: row)
    }

    /// The certificates exempting the customer from `taxType` on `date`, latest effective first.
    static func exemptions(customer: Int64, taxType: String?, on date: LocalDate, in db: Database) throws -> [TaxExemptionMessage] {
        var filter = SQLFilter()
        filter.add("customer_id = ?", [customer])
        filter.add("effective_date <= ?", [date.description])
        filter.add("(expiry_date IS NULL OR expiry_date >= ?)", [date.description])
        if let taxType { filter.add("tax_type = ?", [taxType]) }
        return try Row.fetchAllCached(
            db, sql: "SELECT * FROM tax_exemption \(filter.whereClause) ORDER BY effective_date DESC, id DESC", arguments: filter.arguments
        ).map(taxExemption(from:))
    }

    static func insertTaxExemption(customer: Int64, taxType: String, certificate: String, effective: LocalDate, expiry: LocalDate?, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO tax_exemption (customer_id, tax_type, certificate_number, effective_date, expiry_date) VALUES (?, ?, ?, ?, ?)",
            arguments: [customer, taxType, certificate, effective.description, expiry?.description])
        return db.lastInsertedRowID
    }

    static func endTaxExemption(_ id: Int64, on date: LocalDate, reason: String, in db: Database) throws {
        try db.executeCached(sql: "UPDATE tax_exemption SET expiry_date = ?, ended_reason = ? WHERE id = ?", arguments: [date.description, reason, id])
    }

    static func criticalCare(customer: Int64, in db: Database) throws -> [CriticalCareMessage] {
        try Row.fetchAllCached(
            db, sql: "SELECT * FROM critical_care WHERE customer_id = ? ORDER BY effective_date, id", arguments: [customer]
        ).map(criticalCare(from:))
    }

    static func criticalCare(_ id: Int64, customer: Int64, in db: Database) throws -> CriticalCareMessage {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT * FROM critical_care WHERE id = ? AND customer_id = ?", arguments: [id, customer]) else {
            throw AccountsError.notFound("customer \(Identifiers.customerID(customer)) has no critical-care certification \(id)")
        }
        return try criticalCare(from: row)
    }

    /// Certifications in force on `date`, latest effective first.
    static func criticalCare(customer: Int64, on date: LocalDate, in db: Database) throws -> [CriticalCareMessage] {
        try Row.fetchAllCached(
            db,
            sql: "SELECT * FROM critical_care WHERE customer_id = ? AND effective_date <= ? AND expiry_date >= ? ORDER BY effective_date DESC, id DESC",
            arguments: [customer, date.description, date.description]
        ).map(criticalCare(from:))
    }

    static func insertCriticalCare(customer: Int64, certifiedBy: String, effective: LocalDate, expiry: LocalDate, note: String, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO critical_care (customer_id, certified_by, effective_date, expiry_date, note) VALUES (?, ?, ?, ?, ?)",
            arguments: [customer, certifiedBy, effective.description, expiry.description, note])
        return db.lastInsertedRowID
    }

    static func endCriticalCare(_ id: Int64, on date: LocalDate, reason: String, in db: Database) throws {
        try db.executeCached(sql: "UPDATE critical_care SET expiry_date = ?, ended_reason = ? WHERE id = ?", arguments: [date.description, reason, id])
    }

    private static func taxExemption(from row: Row) throws -> TaxExemptionMessage {
        var exemption = TaxExemptionMessage()
        exemption.id = UInt64(clamping: try row.int64("id"))
        exemption.taxType = try row.text("tax_type")
        exemption.certificateNumber = try row.text("certificate_number")
        exemption.effectiveDate = try row.text("effective_date")
        exemption.expiryDate = try row.textOrEmpty("expiry_date")
        exemption.endedReason = try row.text("ended_reason")
        return exemption
    }

    static func criticalCare(from row: Row) throws -> CriticalCareMessage {
        var certification = CriticalCareMessage()
        certification.id = UInt64(clamping: try row.int64("id"))
        certification.certifiedBy = try row.text("certified_by")
        certification.effectiveDate = try row.text("effective_date")
        certification.expiryDate = try row.text("expiry_date")
        certification.note = try row.text("note")
        certification.endedReason = try row.text("ended_reason")
        return certification
    }
}
