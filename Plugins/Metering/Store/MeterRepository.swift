import SettleContracts
import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK

/// The SQL behind meters, installs and single register reads, named for intent.
enum MeterRepository {
    static func meter(serial: String, in db: Database) throws -> MeterRecord? {
        try Row.fetchOneCached(db, sql: "SELECT \(MeterRecord.columns) FROM meter WHERE serial = ?", arguments: [serial])
            .map { MeterRecord(row: $0) }
    }

    static func meter(id: Int64, in db: Database) throws -> MeterRecord? {
        try Row.fetchOneCached(db, sql: "SELECT \(MeterRecord.columns) FROM meter WHERE id = ?", arguments: [id])
            .map { MeterRecord(row: $0) }
    }

    /// The meter, or NOT_FOUND naming the serial.
    static func require(serial: String, in db: Database) throws -> MeterRecord {
        guard let meter = try meter(serial: serial, in: db) else { throw MeteringError.meterNotFound(serial) }
        return meter
    }

    static func insert(_ meter: MeterRecord, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: """
                INSERT INTO meter (serial, service_type, kind, dials, ct_ratio_micros, pt_ratio_micros,
                    register_constant_micros, multiplier_micros, channels, tou_capable, form, service_amps, size,
                    interval_minutes, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                meter.serial, meter.serviceType.rawValue, meter.kind.rawValue, meter.dials, meter.ctRatioMicros,
                meter.ptRatioMicros, meter.registerConstantMicros, meter.multiplierMicros, meter.channels.bits,
                meter.touCapable, meter.form, meter.serviceAmps, meter.size, meter.intervalMinutes,
                meter.status.rawValue, UTCTimestamp.string(from: Date()),
            ])
        return db.lastInsertedRowID
    }

    static func setStatus(_ status: MeterStatus, meterID: Int64, in db: Database) throws {
        try db.executeCached(sql: "UPDATE meter SET status = ? WHERE id = ?", arguments: [status.rawValue, meterID])
    }

    /// Every install of a meter, oldest first.
    static func installs(meterID: Int64, in db: Database) throws -> [InstallRecord] {
        try Row.fetchAllCached(db, sql: "SELECT \(InstallRecord.columns) FROM meter_install WHERE meter_id = ? ORDER BY installed_on, id", arguments: [meterID])
            .map(InstallRecord.init(row:))
    }

    /// The install that has not been removed, if any.
    static func currentInstall(meterID: Int64, in db: Database) throws -> InstallRecord? {
        try Row.fetchOneCached(db, sql: "SELECT \(InstallRecord.columns) FROM meter_install WHERE meter_id = ? AND removed_on IS NULL", arguments: [meterID])
            .map(InstallRecord.init(row:))
    }

    /// Installs at a premise for a service that overlap `[from, to]`, oldest first.
    static func installs(premiseID: String, serviceType: ServiceType, from: LocalDate, to: LocalDate, in db: Database) throws -> [InstallRecord] {
        try Row.fetchAllCached(
            db,
            sql: """
                SELECT \(InstallRecord.columns) FROM meter_install
                WHERE premise_id = ? AND service_type = ? AND installed_on <= ? AND (removed_on IS NULL OR removed_on >= ?)
                ORDER BY installed_on, id
                """,
            arguments: [premiseID, serviceType.rawValue, to.dayNumber, from.dayNumber]
        ).map(InstallRecord.init(row:))
    }

    /// Installs at a premise for a service that overlap `[from, to]` with their meters, oldest
    /// first: one query where billing would otherwise ask for each install's meter.
    static func installedMeters(premiseID: String, serviceType: ServiceType, from: LocalDate, to: LocalDate, in db: Database) throws -> [(install: InstallRecord, meter: MeterRecord)] {
        try db.fetchCached(sql: installedMetersSQL, arguments: [premiseID, serviceType.rawValue, to.dayNumber, from.dayNumber]) { row in
            (InstallRecord(row: row), MeterRecord(row: row, startingAt: InstallRecord.columnCount))
        }
    }

    private static let installedMetersSQL = """
        SELECT \(InstallRecord.columns(qualifiedBy: "i")), \(MeterRecord.columns(qualifiedBy: "m")) FROM meter_install i JOIN meter m ON m.id = i.meter_id
        WHERE i.premise_id = ? AND i.service_type = ? AND i.installed_on <= ? AND (i.removed_on IS NULL OR i.removed_on >= ?)
        ORDER BY i.installed_on, i.id
        """

    static func insertInstall(meterID: Int64, premiseID: String, serviceType: ServiceType, on date: LocalDate, in db: Database) throws -> Int64 {
        try db.executeCached(
            sql: "INSERT INTO meter_install (meter_id, premise_id, service_type, installed_on) VALUES (?, ?, ?, ?)",
            arguments: [meterID, premiseID, serviceType.rawValue, date.dayNumber])
        return db.lastInsertedRowID
    }

    static func closeInstall(id: Int64, on date: LocalDate, in db: Database) throws {
        try db.executeCached(sql: "UPDATE meter_install SET removed_on = ? WHERE id = ?", arguments: [date.dayNumber, id])
    }

    /// Inserts one read; ALREADY_EXISTS when the meter already has a read of that channel at that instant.
    static func insertRead(_ read: RegisterReadRecord, importID: Int64 = 0, in db: Database) throws {
        try db.executeCached(
            sql: """
                INSERT INTO register_read (meter_id, channel, read_at, value, kind, import_id) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
            arguments: [read.meterID, read.channel.rawValue, read.readAt, read.value, read.kind.rawValue, importID])
        if db.changesCount == 0 {
            throw MeteringError.failedPrecondition("meter already has a \(read.channel.name) read at that time; edit it through VEE instead")
        }
    }

    /// A meter's reads in `[from, to)` (UTC seconds), oldest first; every channel unless one is given.
    static func reads(meterID: Int64, channel: MeterChannel? = nil, from: Int64 = .min, to: Int64 = .max, in db: Database) throws -> [RegisterReadRecord] {
        if let channel {
            return try Row.fetchAllCached(
                db,
                sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id = ? AND channel = ? AND read_at >= ? AND read_at < ? ORDER BY read_at",
                arguments: [meterID, channel.rawValue, from, to]
            ).map(RegisterReadRecord.init(row:))
        }
        // Read in the primary key's order (channel, then time) and sorted here: asking SQLite
        // for time order made it build a temporary sorter for every meter of a billing run.
        var reads = try db.fetchCached(
            sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id = ? AND read_at >= ? AND read_at < ? ORDER BY channel, read_at",
            arguments: [meterID, from, to], RegisterReadRecord.init(row:))
        reads.sort(by: RegisterReadRecord.inReadOrder)
        return reads
    }

    static func read(meterID: Int64, channel: MeterChannel, at instant: Int64, in db: Database) throws -> RegisterReadRecord? {
        try Row.fetchOneCached(
            db, sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id = ? AND channel = ? AND read_at = ?",
            arguments: [meterID, channel.rawValue, instant]
        ).map(RegisterReadRecord.init(row:))
    }
}
