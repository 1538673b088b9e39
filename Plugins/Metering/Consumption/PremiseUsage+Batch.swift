import SettleContracts
import GRDB
import SettleDomain
import SettleModuleSDK

extension PremiseUsage {
    /// One premise, service and window of a batch load.
    struct Window: Sendable {
        let premiseID: String
        let serviceType: ServiceType
        let from: LocalDate
        let to: LocalDate
    }

    /// The premises of many windows at once, each exactly as `load` gives it, with interval
    /// days over the same window.
    ///
    /// A billing run asks for a thousand premises a batch; two queries per premise (installs,
    /// then reads) cost more in per-query overhead than in SQLite's own work. Here each kind of
    /// row is read with one query per chunk of premises or meters (``MeterRepository``'s batch
    /// queries), then sorted out in memory.
    static func loadMany(_ windows: [Window], in db: Database, calendar: ZoneCalendar) throws -> [PremiseUsage] {
        // Installs (with their meters) of every premise named, by premise.
        var installsByPremise: [String: [(install: InstallRecord, meter: MeterRecord)]] = [:]
        let premises = Array(Set(windows.map(\.premiseID))).sorted()
        for chunk in stride(from: 0, to: premises.count, by: chunkSize) {
            let rows = try MeterRepository.installedMeters(premiseIDs: premises[chunk..<min(chunk + chunkSize, premises.count)], in: db)
            for row in rows { installsByPremise[row.0.premiseID, default: []].append(row) }
        }

        // Each window's segments, in install order, and the span of reads they need.
        var segmentsOfWindows: [[(install: InstallRecord, meter: MeterRecord)]] = []
        segmentsOfWindows.reserveCapacity(windows.count)
        var meterIDs = Set<Int64>()
        var earliest = Int64.max
        var latest = Int64.min
        for window in windows {
            guard let metered = window.serviceType.meteredBy else { segmentsOfWindows.append([]); continue }
            let installs = (installsByPremise[window.premiseID] ?? [])
                .filter { $0.install.serviceType == metered && $0.install.installedOn <= window.to && ($0.install.removedOn.map { $0 >= window.from } ?? true) }
                .sorted { ($0.install.installedOn, $0.install.id) < ($1.install.installedOn, $1.install.id) }
            segmentsOfWindows.append(installs)
            guard !installs.isEmpty else { continue }
            meterIDs.formUnion(installs.map(\.meter.id))
            earliest = min(earliest, calendar.startOfDay(window.from))
            latest = max(latest, calendar.startOfDay(window.to.adding(days: 1)))
        }

        // Reads of every meter over the widest window, by meter (each window keeps its own span below).
        var readsByMeter: [Int64: [RegisterReadRecord]] = [:]
        let meters = meterIDs.sorted()
        for chunk in stride(from: 0, to: meters.count, by: chunkSize) {
            let rows = try MeterRepository.reads(meterIDs: meters[chunk..<min(chunk + chunkSize, meters.count)], from: earliest, to: latest, in: db)
            for read in rows { readsByMeter[read.meterID, default: []].append(read) }
        }

        return try zip(windows, segmentsOfWindows).map { window, installs in
            try assemble(
                premiseID: window.premiseID, serviceType: window.serviceType, installs: installs, from: window.from, to: window.to,
                intervalsFrom: window.from, intervalsTo: window.to, in: db, calendar: calendar
            ) { meterID, windowStart, windowEnd in
                (readsByMeter[meterID] ?? []).filter { $0.readAt >= windowStart && $0.readAt < windowEnd }.sorted(by: RegisterReadRecord.inReadOrder)
            }
        }
    }

    /// Premises or meters per query (see ``MeterRepository/batchLimit``).
    private static let chunkSize = MeterRepository.batchLimit
}
