import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts
import SettleRPC
import SwiftProtobuf

/// Reads and writes tariffs and their versions inside a store transaction.
enum TariffStore {
    static func tariff(_ code: String, in db: Database) throws -> Settle_Rating_V1_Tariff? {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT code, name, rate_class, service_type FROM tariff WHERE code = ?", arguments: [code]) else { return nil }
        var tariff = Settle_Rating_V1_Tariff()
        tariff.code = row["code"] ?? ""
        tariff.name = row["name"] ?? ""
        tariff.rateClass = row["rate_class"] ?? ""
        tariff.serviceType = row["service_type"] ?? ""
        tariff.versions = try versions(code, in: db)
        return tariff
    }

    static func requireTariff(_ code: String, in db: Database) throws -> Settle_Rating_V1_Tariff {
        guard let tariff = try tariff(code, in: db) else { throw RatingError.unknownTariff(code) }
        return tariff
    }

    static func allTariffs(in db: Database) throws -> [Settle_Rating_V1_Tariff] {
        let codes = try String.fetchAllCached(db, sql: "SELECT code FROM tariff ORDER BY code")
        return try codes.compactMap { try tariff($0, in: db) }
    }

    static func insertTariff(_ tariff: Settle_Rating_V1_Tariff, in db: Database) throws {
        try db.executeCached(sql: "INSERT INTO tariff (code, name, rate_class, service_type, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [tariff.code, tariff.name, tariff.rateClass, tariff.serviceType, UTCTimestamp.string(from: Date())])
    }

    static func versions(_ code: String, in db: Database) throws -> [Settle_Rating_V1_TariffVersion] {
        try Row.fetchAllCached(db, sql: "SELECT body FROM tariff_version WHERE code = ? ORDER BY version", arguments: [code]).map { row in
            let body: Data = row["body"] ?? Data()
            return try Settle_Rating_V1_TariffVersion(serializedBytes: body)
        }
    }

    static func version(_ code: String, _ number: UInt32, in db: Database) throws -> Settle_Rating_V1_TariffVersion {
        guard let row = try Row.fetchOneCached(db, sql: "SELECT body FROM tariff_version WHERE code = ? AND version = ?", arguments: [code, number]) else {
            if try tariff(code, in: db) == nil { throw RatingError.unknownTariff(code) }
            throw RatingError.notFound("tariff \(code) has no version \(number)")
        }
        let body: Data = row["body"] ?? Data()
        return try Settle_Rating_V1_TariffVersion(serializedBytes: body)
    }

    static func save(_ version: Settle_Rating_V1_TariffVersion, in db: Database) throws {
        let body = try Data(version.serializedBytes() as [UInt8])
        try db.executeCached(sql: """
            INSERT INTO tariff_version (code, version, effective_from, status, created_by, body) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (code, version) DO UPDATE SET effective_from = excluded.effective_from, status = excluded.status, body = excluded.body
            """, arguments: [version.code, version.version, version.effectiveFrom, version.status, version.createdBy, body])
    }

    static func nextVersionNumber(_ code: String, in db: Database) throws -> UInt32 {
        UInt32(try Int.fetchOneCached(db, sql: "SELECT COALESCE(MAX(version), 0) + 1 FROM tariff_version WHERE code = ?", arguments: [code]) ?? 1)
    }

    /// The active versions of a tariff, oldest effective date first.
    static func activeTerms(_ code: String, in db: Database) throws -> [TariffTerms] {
        guard try tariff(code, in: db) != nil else { throw RatingError.unknownTariff(code) }
        return try versions(code, in: db).filter { $0.status == "active" }
            .sorted { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
            .map { try TariffTerms($0) }
    }
}
