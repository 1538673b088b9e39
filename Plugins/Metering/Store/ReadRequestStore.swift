import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// The SQL behind read requests (table `read_request`): field work asked of meter readers.
enum ReadRequestStore {
    @discardableResult
    static func create(premiseID: String, serviceType: ServiceType, meterID: Int64?, day: LocalDate, kind: ReadRequests.Kind, reason: String, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO read_request (premise_id, service_type, meter_id, day, kind, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [premiseID, serviceType.rawValue, meterID, day.dayNumber, kind.rawValue, reason, UTCTimestamp.string(from: Date())])
        return db.lastInsertedRowID
    }

    static func fetch(id: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM read_request WHERE id = ?", arguments: [id])
    }

    /// A newly installed meter takes over the premise's open requests: those up to its
    /// install date are fulfilled by the install read, later ones become the meter's.
    static func attach(meterID: Int64, premiseID: String, serviceType: ServiceType, installedOn: LocalDate, in db: Database) throws {
        try db.executeCached(
            sql: """
                UPDATE read_request SET meter_id = ?, status = CASE WHEN day <= ? THEN 'fulfilled' ELSE status END
                WHERE meter_id IS NULL AND status = 'open' AND premise_id = ? AND service_type = ?
                """,
            arguments: [meterID, installedOn.dayNumber, premiseID, serviceType.rawValue])
    }

    /// Marks a meter's open requests dated up to `day` fulfilled; returns how many.
    @discardableResult
    static func fulfil(meterID: Int64, throughDay day: LocalDate, in db: Database) throws -> Int {
        try db.executeCached(
            sql: "UPDATE read_request SET status = 'fulfilled' WHERE status = 'open' AND meter_id = ? AND day <= ?",
            arguments: [meterID, day.dayNumber])
        return db.changesCount
    }

    /// Meters with open requests, so an import only touches those.
    static func metersWithOpenRequests(in db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAllCached(db, sql: "SELECT DISTINCT meter_id FROM read_request WHERE status = 'open' AND meter_id IS NOT NULL"))
    }

    static func open(meterID: Int64, serial: String, in db: Database) throws -> [Settle_Metering_V1_ReadRequest] {
        try Row.fetchAllCached(db, sql: "SELECT * FROM read_request WHERE meter_id = ? AND status = 'open' ORDER BY day, id", arguments: [meterID])
            .map { ReadRequests.proto(row: $0, serial: serial) }
    }
}
