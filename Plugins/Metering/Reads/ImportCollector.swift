import SettleDomain

/// Validates import rows as they stream in and gathers the accepted ones compactly.
///
/// Register reads become 32-byte `PendingRead`s; interval values go straight into the
/// local day they belong to (`DayAccumulator`), which is the unit they are stored in. Every
/// rejected row is recorded with its line and a reason a person can act on.
struct ImportCollector {
    /// An accepted register read waiting for the commit.
    struct PendingRead: Sendable {
        var meterIndex: Int32
        var channel: UInt8
        var kind: UInt8
        var line: UInt32
        var readAt: Int64
        var value: Int64
    }

    /// A meter channel's local day.
    struct DayKey: Hashable, Sendable {
        let meterIndex: Int32
        let channel: UInt8
        let day: Int32
    }

    /// The values of one day gathered so far, with the source line of each slot.
    struct DayAccumulator: Sendable {
        var data: IntervalDay
        var startUTC: Int64
        var lines: [UInt32]
    }

    let directory: MeterDirectory
    let calendar: ZoneCalendar
    /// Reads after this instant are in the future and rejected.
    let latestAllowed: Int64

    private(set) var reads: [PendingRead] = []
    private(set) var days: [DayKey: DayAccumulator] = [:]
    private(set) var rejections = Rejections()
    private(set) var intervalValues = 0

    private var lastSerial = ""
    private var lastIndex: Int?
    private var dayCache: (day: Int, start: Int64, end: Int64) = (0, 0, 0)

    init(directory: MeterDirectory, calendar: ZoneCalendar, latestAllowed: Int64) {
        self.directory = directory
        self.calendar = calendar
        self.latestAllowed = latestAllowed
    }

    mutating func reject(line: UInt32, _ reason: String, rows: Int = 1) {
        rejections.add(line: line, reason, rows: rows)
    }

    /// The directory index of a meter, or nil after rejecting the row.
    private mutating func meterIndex(_ serial: String, line: UInt32, rows: Int = 1) -> Int? {
        if serial == lastSerial, let lastIndex { return lastIndex }
        guard let index = directory.index(of: serial) else {
            reject(line: line, serial.isEmpty ? "no meter serial" : "unknown meter '\(serial)'", rows: rows)
            return nil
        }
        lastSerial = serial
        lastIndex = index
        return index
    }

    // MARK: Register reads

    mutating func addRegister(serial: String, channel: MeterChannel?, readAt: Int64, value: Int64, kind: ReadKind, line: UInt32) {
        guard let index = meterIndex(serial, line: line) else { return }
        let meter = directory[index]
        let channel = channel ?? meter.serviceType.primaryChannel
        guard meter.channels.contains(channel) else {
            return reject(line: line, "meter \(serial) has no \(channel.name) channel")
        }
        guard kind.isBillingRead, kind != .edited else {
            return reject(line: line, "reads of kind \(kind.name) are recorded by meter installs, removals and VEE edits, not imported")
        }
        guard value >= 0, value < meter.modulus * channel.readingScale else {
            return reject(line: line, "reading \(channel.formatReading(value)) does not fit meter \(serial)'s \(meter.dials) dials (0 to \(channel.formatReading(meter.modulus * channel.readingScale - 1)))")
        }
        guard readAt <= latestAllowed else {
            return reject(line: line, "read time \(Timestamps.format(readAt)) is in the future")
        }
        let day = localDay(of: readAt)
        guard meter.installed(on: day) else {
            return reject(line: line, "read date \(LocalDate(dayNumber: day)) is outside meter \(serial)'s install period: \(meter.installDescription)")
        }
        reads.append(PendingRead(meterIndex: Int32(index), channel: UInt8(channel.rawValue), kind: UInt8(kind.rawValue), line: line, readAt: readAt, value: value))
    }

    // MARK: Interval values

    /// Adds consecutive interval values starting at `start`. `lineStep` is 1 when each value
    /// came from its own line (CSV), 0 when a block came from one message.
    mutating func addIntervals(
        serial: String, channel: MeterChannel?, start: Int64, minutes: Int, values: [Int64],
        estimated: [Bool], missing: [Bool], line: UInt32, lineStep: UInt32 = 0
    ) {
        guard !values.isEmpty else { return }
        guard let index = meterIndex(serial, line: line, rows: values.count) else { return }
        let meter = directory[index]
        let channel = channel ?? meter.serviceType.primaryChannel
        guard meter.kind == .interval else {
            return reject(line: line, "meter \(serial) is a register meter and records no intervals", rows: values.count)
        }
        guard meter.channels.contains(channel) else {
            return reject(line: line, "meter \(serial) has no \(channel.name) channel", rows: values.count)
        }
        guard minutes == meter.intervalMinutes else {
            return reject(line: line, "\(minutes)-minute intervals do not match meter \(serial)'s \(meter.intervalMinutes)-minute interval", rows: values.count)
        }
        let step = Int64(minutes * 60)
        guard start % step == 0 else {
            return reject(line: line, "interval start \(Timestamps.format(start)) is not on a \(minutes)-minute boundary", rows: values.count)
        }
        guard start + step * Int64(values.count - 1) <= latestAllowed else {
            return reject(line: line, "intervals reach into the future", rows: values.count)
        }
        var position = 0
        while position < values.count {
            let t = start + Int64(position) * step
            let (day, dayStart, dayEnd) = dayBounds(of: t)
            let run = min(values.count - position, Int((dayEnd - t) / step))
            let lineAt = { (offset: Int) in line + UInt32(offset) * lineStep }
            guard meter.installed(on: day) else {
                reject(line: lineAt(position), "intervals on \(LocalDate(dayNumber: day)) are outside meter \(serial)'s install period: \(meter.installDescription)", rows: run)
                position += run
                continue
            }
            let key = DayKey(meterIndex: Int32(index), channel: UInt8(channel.rawValue), day: Int32(day))
            let firstSlot = Int((t - dayStart) / step)
            var accepted = 0
            var duplicateOf: [(Int, UInt32)] = []
            var negative: [Int] = []
            let slots = Int((dayEnd - dayStart) / step)
            let hasEstimates = !estimated.isEmpty
            let hasMissing = !missing.isEmpty
            withDay(key, slots: slots, minutes: minutes, start: dayStart) { accumulator in
                for offset in 0..<run {
                    let i = position + offset
                    if hasMissing, i < missing.count, missing[i] { continue }
                    let slot = firstSlot + offset
                    let value = values[i]
                    if value < 0 {
                        negative.append(i)
                        continue
                    }
                    if accumulator.data.present[slot] {
                        duplicateOf.append((i, accumulator.lines[slot]))
                        continue
                    }
                    accumulator.data.set(slot, value, estimated: hasEstimates && i < estimated.count && estimated[i])
                    accumulator.lines[slot] = lineAt(i)
                    accepted += 1
                }
            }
            intervalValues += accepted
            for (i, original) in duplicateOf {
                reject(line: lineAt(i), "interval_duplicate: a second value for interval \(Timestamps.format(t + Int64(i - position) * step)) of meter \(serial) \(channel.name) on line \(lineAt(i)); already given on line \(original)")
            }
            for i in negative {
                reject(line: lineAt(i), "negative interval value \(Thousandths.format(values[i])) \(channel.unit)")
            }
            position += run
        }
    }

    private mutating func withDay(_ key: DayKey, slots: Int, minutes: Int, start: Int64, _ body: (inout DayAccumulator) -> Void) {
        body(&days[key, default: DayAccumulator(data: IntervalDay(slots: slots, minutes: minutes), startUTC: start, lines: Array(repeating: 0, count: slots))])
    }

    /// The local day of a register read: rows come meter by meter, so each is usually a new
    /// day and only the date is needed (one offset lookup), not the day's bounds.
    private func localDay(of instant: Int64) -> Int {
        if instant >= dayCache.start, instant < dayCache.end { return dayCache.day }
        return calendar.localDate(of: instant).dayNumber
    }

    /// The local day holding `instant` and its UTC bounds; cached, since rows come in time order.
    private mutating func dayBounds(of instant: Int64) -> (day: Int, start: Int64, end: Int64) {
        if instant >= dayCache.start, instant < dayCache.end { return dayCache }
        let date = calendar.localDate(of: instant)
        dayCache = (date.dayNumber, calendar.startOfDay(date), calendar.startOfDay(date.adding(days: 1)))
        return dayCache
    }

    // MARK: Finishing

    /// The accepted register reads in key order, later duplicates within the import rejected.
    mutating func takeSortedReads() -> [PendingRead] {
        var sorted = reads
        reads = []
        sorted.sort { lhs, rhs in
            if lhs.meterIndex != rhs.meterIndex { return lhs.meterIndex < rhs.meterIndex }
            if lhs.channel != rhs.channel { return lhs.channel < rhs.channel }
            if lhs.readAt != rhs.readAt { return lhs.readAt < rhs.readAt }
            return lhs.line < rhs.line
        }
        var unique: [PendingRead] = []
        unique.reserveCapacity(sorted.count)
        for read in sorted {
            if let last = unique.last, last.meterIndex == read.meterIndex, last.channel == read.channel, last.readAt == read.readAt {
                let serial = directory[Int(read.meterIndex)].serial
                reject(line: read.line, "duplicate read for meter \(serial) at \(Timestamps.format(read.readAt)): already given on line \(last.line)")
                continue
            }
            unique.append(read)
        }
        return unique
    }

    /// The accumulated interval days, emptied from the collector.
    mutating func takeDays() -> [(key: DayKey, value: DayAccumulator)] {
        let all = days.sorted { lhs, rhs in
            (lhs.key.meterIndex, lhs.key.channel, lhs.key.day) < (rhs.key.meterIndex, rhs.key.channel, rhs.key.day)
        }
        days = [:]
        return all
    }
}
