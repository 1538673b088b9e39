import SettleContracts
import GRDB
import SettleDomain

/// Every meter with what row validation needs, loaded once per import.
///
/// An import checks each row's meter, channel, dials and install period; looking them up in
/// memory keeps that to a hash lookup per row instead of a query per row.
struct MeterDirectory: Sendable {
    struct Entry: Sendable {
        let id: Int64
        let serial: String
        let serviceType: ServiceType
        let kind: MeterKind
        let dials: Int
        let modulus: Int64
        let channels: ChannelSet
        let intervalMinutes: Int
        /// Install periods as inclusive day-number ranges (open installs end at Int.max).
        let installs: [ClosedRange<Int>]

        func installed(on day: Int) -> Bool {
            installs.contains { $0.contains(day) }
        }

        /// Words for a person: when the meter was in service.
        var installDescription: String {
            guard !installs.isEmpty else { return "it has never been installed" }
            return "it was installed " + installs.map { range in
                range.upperBound == Int.max
                    ? "from \(LocalDate(dayNumber: range.lowerBound))"
                    : "\(LocalDate(dayNumber: range.lowerBound)) to \(LocalDate(dayNumber: range.upperBound))"
            }.joined(separator: ", ")
        }
    }

    private(set) var entries: [Entry] = []
    /// Meter ids by index, apart from the entries so the insert loop reads 8 bytes a row.
    private(set) var ids: [Int64] = []
    private var indexBySerial: [String: Int] = [:]

    static let empty = MeterDirectory()

    func index(of serial: String) -> Int? { indexBySerial[serial] }

    subscript(index: Int) -> Entry { entries[index] }

    static func load(in db: Database) throws -> MeterDirectory {
        var installs: [Int64: [ClosedRange<Int>]] = [:]
        let installRows = try Row.fetchCursor(db, sql: "SELECT meter_id, installed_on, removed_on FROM meter_install ORDER BY installed_on")
        while let row = try installRows.next() {
            let from: Int = row[1]
            let to: Int? = row[2]
            installs[row[0], default: []].append(from...(to ?? Int.max))
        }
        var directory = MeterDirectory()
        let meterRows = try Row.fetchCursor(db, sql: "SELECT id, serial, service_type, kind, dials, channels, interval_minutes FROM meter")
        while let row = try meterRows.next() {
            let id: Int64 = row[0]
            let dials: Int = row[4]
            let entry = Entry(
                id: id, serial: row[1], serviceType: ServiceType(rawValue: row[2]) ?? .electric,
                kind: MeterKind(rawValue: row[3]) ?? .register, dials: dials, modulus: RegisterMath.modulus(dials: dials),
                channels: ChannelSet(bits: row[5]), intervalMinutes: row[6], installs: installs[id] ?? [])
            directory.indexBySerial[entry.serial] = directory.entries.count
            directory.entries.append(entry)
            directory.ids.append(id)
        }
        return directory
    }
}
