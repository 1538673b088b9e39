import Foundation
import SettleContracts
import SettleDomain
import SettleRPC

/// One ImportReads stream being read: options from the first message, then rows, blocks or
/// file bytes, each validated into an ``ImportCollector`` and folded into the fingerprint.
///
/// A replay (the key was already used) only fingerprints the stream, so a retried import is
/// recognised without being validated against the data it already wrote.
struct ImportSession {
    static let maxFileBytes = 512 << 20

    let options: Settle_Metering_V1_ImportOptions
    let replay: Bool
    private(set) var collector: ImportCollector
    private(set) var fingerprint = ImportFingerprint()
    private var lines = CSVLines()
    private var registerCSV: RegisterCSV
    private var intervalCSV: IntervalCSV
    private var xml = Data()
    private var rowCounter: UInt32 = 0
    private var blockCounter: UInt32 = 0

    init(options: Settle_Metering_V1_ImportOptions, directory: MeterDirectory, calendar: ZoneCalendar, replay: Bool, now: Int64) throws {
        if options.format == .greenButton, options.meterSerial.isEmpty {
            throw MeteringError.invalid("options.meter_serial", "Green Button files do not name a meter: give the serial their values belong to")
        }
        self.options = options
        self.replay = replay
        collector = ImportCollector(directory: directory, calendar: calendar, latestAllowed: now + 86_400)
        registerCSV = RegisterCSV(calendar: calendar)
        intervalCSV = IntervalCSV(calendar: calendar) { serial in
            directory.index(of: serial).map { directory[$0].intervalMinutes }
        }
        fingerprint.add(Int64(options.format.rawValue))
        fingerprint.add(Int64(options.acceptValidRows ? 1 : 0))
        fingerprint.add(options.meterSerial)
    }

    mutating func consume(_ message: Settle_Metering_V1_ImportReadsRequest) throws {
        for read in message.registerReads { addRegister(read) }
        for block in message.intervalBlocks { addBlock(block) }
        if !message.fileChunk.isEmpty { try addFileChunk(message.fileChunk) }
    }

    /// Ends the stream: the file's last line, or the whole Green Button document.
    mutating func finish() throws {
        guard !replay else { return }
        switch options.format {
        case .registerCsv:
            if let last = lines.finish() { registerCSV.line(last.number, last.line, into: &collector) }
        case .intervalCsv:
            if let last = lines.finish() { intervalCSV.line(last.number, last.line, into: &collector) }
            intervalCSV.finish(into: &collector)
        case .greenButton:
            try importGreenButton()
        default:
            break
        }
    }

    private mutating func addRegister(_ read: Settle_Metering_V1_RegisterRead) {
        rowCounter += 1
        fingerprint.add(read.meterSerial)
        fingerprint.add(Int64(read.channel.rawValue))
        fingerprint.add(read.readAtUtc)
        fingerprint.add(read.value)
        fingerprint.add(Int64(read.kind.rawValue))
        if !read.valueDecimal.isEmpty { fingerprint.add(read.valueDecimal) }
        guard !replay else { return }
        let line = read.line == 0 ? rowCounter : read.line
        var channel: MeterChannel?
        if read.channel != .unspecified {
            guard let parsed = MeterChannel(read.channel) else { return collector.reject(line: line, "channel \(read.channel.rawValue) is unknown") }
            channel = parsed
        }
        guard ReadKind(rawValue: read.kind.rawValue) != nil || read.kind == .unspecified else {
            return collector.reject(line: line, "read kind \(read.kind.rawValue) is unknown")
        }
        let value: Int64
        if read.valueDecimal.isEmpty {
            value = read.value * (channel?.readingScale ?? 1)
        } else if let parsed = (channel ?? .kwhDelivered).parseReading(read.valueDecimal) {
            value = parsed
        } else {
            return collector.reject(line: line, channel == .kwDemand
                ? "value_decimal '\(read.valueDecimal)' is not a kW demand reading (a number with at most 3 decimals)"
                : "value_decimal '\(read.valueDecimal)' is not a whole register reading (only kw_demand readings take decimals)")
        }
        collector.addRegister(serial: read.meterSerial, channel: channel, readAt: read.readAtUtc, value: value, kind: ReadKind(read.kind), line: line)
    }

    private mutating func addBlock(_ block: Settle_Metering_V1_IntervalBlock) {
        blockCounter += 1
        fingerprint.add(block.meterSerial)
        fingerprint.add(Int64(block.channel.rawValue))
        fingerprint.add(block.startUtc)
        fingerprint.add(Int64(block.intervalMinutes))
        for value in block.values { fingerprint.add(value) }
        fingerprint.add(bytes: block.estimated.map { $0 ? 1 : 0 })
        fingerprint.add(bytes: block.missing.map { $0 ? 1 : 0 })
        guard !replay else { return }
        let line = block.line == 0 ? blockCounter : block.line
        var channel: MeterChannel?
        if block.channel != .unspecified {
            guard let parsed = MeterChannel(block.channel) else { return collector.reject(line: line, "channel \(block.channel.rawValue) is unknown", rows: block.values.count) }
            channel = parsed
        }
        for (name, flags) in [("estimated", block.estimated), ("missing", block.missing)] where !flags.isEmpty && flags.count != block.values.count {
            return collector.reject(line: line, "the block has \(block.values.count) values but \(flags.count) \(name) flags", rows: block.values.count)
        }
        let minutes = block.intervalMinutes == 0
            ? collector.directory.index(of: block.meterSerial).map { collector.directory[$0].intervalMinutes } ?? 15
            : Int(block.intervalMinutes)
        collector.addIntervals(
            serial: block.meterSerial, channel: channel, start: block.startUtc, minutes: minutes, values: block.values,
            estimated: block.estimated, missing: block.missing, line: line)
    }

    private mutating func addFileChunk(_ chunk: Data) throws {
        fingerprint.addStream(chunk)
        guard !replay else { return }
        switch options.format {
        case .registerCsv:
            for (number, line) in lines.feed(chunk) { registerCSV.line(number, line, into: &collector) }
        case .intervalCsv:
            for (number, line) in lines.feed(chunk) { intervalCSV.line(number, line, into: &collector) }
        case .greenButton:
            guard xml.count + chunk.count <= Self.maxFileBytes else {
                throw MeteringError.tooLarge("the Green Button file is larger than \(Self.maxFileBytes >> 20) MiB; split it")
            }
            xml.append(chunk)
        default:
            throw MeteringError.invalid("options.format", "file bytes need a format: register_csv, interval_csv or green_button")
        }
    }

    private mutating func importGreenButton() throws {
        let blocks: [GreenButtonParser.Block]
        do {
            blocks = try GreenButtonParser.parse(xml)
        } catch let error as GreenButtonParser.ParseError {
            throw MeteringError.invalid("file", "the Green Button file is \(error.description)")
        }
        xml = Data()
        let serial = options.meterSerial
        for block in blocks {
            guard let type = block.readingType else {
                collector.reject(line: block.line, block.problem ?? "no ReadingType", rows: block.readings.count)
                continue
            }
            let channel: MeterChannel
            switch GreenButtonParser.channel(of: type) {
            case .success(let value): channel = value
            case .failure(let error):
                collector.reject(line: block.line, error.description, rows: block.readings.count)
                continue
            }
            for reading in block.readings {
                guard reading.start != Int64.min, reading.value != Int64.min else {
                    collector.reject(line: reading.line, "IntervalReading without a whole-number start or value")
                    continue
                }
                // A reading's own timePeriod duration, else its ReadingType's intervalLength.
                let seconds = reading.duration > 0 ? reading.duration : Int64(type.intervalLength)
                guard seconds > 0 else {
                    collector.reject(line: reading.line, "IntervalReading has no timePeriod duration and its ReadingType no intervalLength")
                    continue
                }
                guard seconds % 60 == 0 else {
                    collector.reject(line: reading.line, "IntervalReading duration \(seconds) s is not whole minutes")
                    continue
                }
                collector.addIntervals(
                    serial: serial, channel: channel, start: reading.start, minutes: Int(seconds / 60),
                    values: [GreenButtonParser.thousandths(reading.value, powerOfTen: type.powerOfTen)],
                    estimated: GreenButtonParser.isEstimated(quality: reading.quality) ? [true] : [], missing: [], line: reading.line)
            }
        }
    }
}
