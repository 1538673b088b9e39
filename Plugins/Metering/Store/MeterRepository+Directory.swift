import GRDB
import SettleContracts
import SettleDomain

/// The whole meter inventory at once, for an import's row validation.
extension MeterRepository {
    /// Every meter with its install periods: two scans, however many meters there are.
    static func directory(in db: Database) throws -> MeterDirectory {
        var installs: [Int64: [ClosedRange<Int>]] = [:]
        let installRows = try Row.fetchCursor(db, sql: "SELECT meter_id, installed_on, removed_on FROM meter_install ORDER BY installed_on")
        while let row = try installRows.next() {
            let from: Int = row[1]
            let to: Int? = row[2]
            installs[row[0], default: []].append(from...(to ?? Int.max))
        }
        var entries: [MeterDirectory.Entry] = []
        let meterRows = try Row.fetchCursor(db, sql: "SELECT id, serial, service_type, kind, dials, channels, interval_minutes FROM meter")
        while let row = try meterRows.next() {
            let id: Int64 = row[0]
            let dials: Int = row[4]
            entries.append(MeterDirectory.Entry(
                id: id, serial: row[1], serviceType: ServiceType(rawValue: row[2]) ?? .electric,
                kind: MeterKind(rawValue: row[3]) ?? .register, dials: dials, modulus: RegisterMath.modulus(dials: dials),
                channels: ChannelSet(bits: row[5]), intervalMinutes: row[6], installs: installs[id] ?? []))
        }
        return MeterDirectory(entries: entries)
    }
}
