import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Writes an import's accepted rows in the caller's transaction and builds the response.
///
/// Register reads go in key order through one prepared INSERT; a read the store already
/// has (same meter, channel, instant) is a duplicate and rejected. Interval days are
/// inserted as blobs; a day the store already has is decoded, checked slot by slot for
/// duplicates, merged and rewritten. In all-or-nothing mode any rejection throws
/// ``ImportRejected`` after everything was checked, so the transaction rolls back and the
/// caller still gets every rejected line.
struct ImportCommitter {
    struct Summary: Sendable {
        var source: String
        var format: String
        var actor: String
        var method: String
        var acceptValidRows: Bool
    }

    /// Thrown to roll back an all-or-nothing import that had rejections; carries the response.
    struct ImportRejected: Error {
        let response: Settle_Metering_V1_ImportReadsResponse
    }

    let directory: MeterDirectory
    let calendar: ZoneCalendar
    let summary: Summary

    func commit(
        reads: [ImportCollector.PendingRead],
        days: [(key: ImportCollector.DayKey, value: ImportCollector.DayAccumulator)],
        rejections initial: Rejections,
        in db: Database
    ) throws -> Settle_Metering_V1_ImportReadsResponse {
        var rejections = initial
        let at = UTCTimestamp.string(from: Date())
        let importID = try ReadImportStore.begin(source: summary.source, format: summary.format, actor: summary.actor, at: at, in: db)

        // Register reads.
        let insertRead = try ReadImportStore.registerReadInsert(in: db)
        var readsImported = 0
        var latestRead: [Int64: Int64] = [:]
        var current: (meterIndex: Int32, latest: Int64)?
        for read in reads {
            let meterID = directory.ids[Int(read.meterIndex)]
            insertRead.bind(1, meterID)
            insertRead.bind(2, Int64(read.channel))
            insertRead.bind(3, read.readAt)
            insertRead.bind(4, read.value)
            insertRead.bind(5, Int64(read.kind))
            insertRead.bind(6, importID)
            if try insertRead.step() == 0 {
                let meter = directory[Int(read.meterIndex)]
                let existing = try ReadImportStore.storedRead(meterID: meter.id, channel: Int64(read.channel), at: read.readAt, in: db)
                let value: Int64 = existing?["value"] ?? 0
                let kind = ReadKind(rawValue: existing?["kind"] ?? 1)?.name ?? "actual"
                rejections.add(line: read.line, "duplicate: meter \(meter.serial) already has a read at \(Timestamps.format(read.readAt)) (\(kind), value \(value))")
                continue
            }
            readsImported += 1
            // Reads come sorted by meter: keep each meter's latest without a lookup per row.
            if let last = current, last.meterIndex == read.meterIndex {
                current = (last.meterIndex, max(last.latest, read.readAt))
            } else {
                if let last = current { latestRead[directory.ids[Int(last.meterIndex)]] = last.latest }
                current = (read.meterIndex, read.readAt)
            }
        }
        if let last = current { latestRead[directory.ids[Int(last.meterIndex)]] = last.latest }

        // Interval days.
        let insertDay = try ReadImportStore.intervalDayInsert(in: db)
        var valuesImported = 0
        for (key, accumulator) in days {
            let meter = directory[Int(key.meterIndex)]
            let data = accumulator.data
            for (index, value) in [
                meter.id, Int64(key.channel), Int64(key.day), Int64(data.minutes), Int64(data.slots), Int64(data.presentCount),
                Int64(data.estimatedCount), data.total, data.maxValue,
            ].enumerated() {
                insertDay.bind(Int32(index + 1), value)
            }
            try insertDay.bind(10, blob: IntervalCodec.encode(data))
            if try insertDay.step() == 1 {
                valuesImported += data.presentCount
                continue
            }
            valuesImported += try merge(accumulator, key: key, meter: meter, rejections: &rejections, in: db)
        }

        var response = Settle_Metering_V1_ImportReadsResponse()
        response.registerReadsImported = UInt64(readsImported)
        response.intervalValuesImported = UInt64(valuesImported)
        response.rowsRejected = UInt64(rejections.count)
        response.rejected = rejections.sorted.map { row in
            var proto = Settle_Metering_V1_RejectedRow()
            proto.line = row.line
            proto.reason = row.reason
            return proto
        }
        if !summary.acceptValidRows, !rejections.isEmpty {
            response.committed = false
            response.registerReadsImported = 0
            response.intervalValuesImported = 0
            throw ImportRejected(response: response)
        }

        // Field requests the new reads answer.
        let waiting = try ReadRequestStore.metersWithOpenRequests(in: db)
        var fulfilled = 0
        if !waiting.isEmpty {
            for (meterID, instant) in latestRead where waiting.contains(meterID) {
                fulfilled += try ReadRequestStore.fulfil(meterID: meterID, throughDay: calendar.localDate(of: instant), in: db)
            }
        }

        try ReadImportStore.finish(importID: importID, registerReads: readsImported, intervalValues: valuesImported, rejected: rejections.count, in: db)
        response.committed = true
        response.importID = "IMP\(importID)"
        response.readRequestsFulfilled = UInt64(fulfilled)
        let summaryJSON = try JSONSerialization.data(
            withJSONObject: [
                "source": summary.source, "format": summary.format, "register_reads": readsImported,
                "interval_values": valuesImported, "rejected": rejections.count,
            ] as [String: Any],
            options: [.sortedKeys])
        try AuditLog.append(
            AuditEntry(actor: summary.actor, method: summary.method, entity: "import/IMP\(importID)", after: String(decoding: summaryJSON, as: UTF8.self)),
            in: db)
        return response
    }

    /// Merges a day into the stored one; slots already stored are duplicates.
    private func merge(
        _ accumulator: ImportCollector.DayAccumulator, key: ImportCollector.DayKey, meter: MeterDirectory.Entry,
        rejections: inout Rejections, in db: Database
    ) throws -> Int {
        guard let blob = try ReadImportStore.storedDay(meterID: meter.id, channel: Int64(key.channel), day: Int64(key.day), in: db) else { return 0 }
        var stored = try IntervalCodec.decode(Array(blob))
        let incoming = accumulator.data
        guard stored.slots == incoming.slots, stored.minutes == incoming.minutes else {
            rejections.add(line: accumulator.lines.first { $0 != 0 } ?? 0, "meter \(meter.serial) already has \(stored.minutes)-minute intervals on \(LocalDate(dayNumber: Int(key.day)))", rows: incoming.presentCount)
            return 0
        }
        var added = 0
        let step = Int64(incoming.minutes * 60)
        for slot in 0..<incoming.slots where incoming.present[slot] {
            if stored.present[slot] {
                rejections.add(line: accumulator.lines[slot], "interval_duplicate: meter \(meter.serial) already has the interval starting \(Timestamps.format(accumulator.startUTC + Int64(slot) * step)) (stored)")
                continue
            }
            stored.set(slot, incoming.values[slot], estimated: incoming.estimated[slot])
            added += 1
        }
        try IntervalStore.write(stored, meterID: meter.id, channel: Int(key.channel), day: Int(key.day), in: db)
        return added
    }
}
