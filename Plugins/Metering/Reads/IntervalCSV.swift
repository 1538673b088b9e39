import SettleDomain
/// Interval reads CSV (see Plugins/Metering/README.md): one interval per line.
///
/// ```
/// meter,channel,start,minutes,value,flag
/// E200001,kwh_delivered,2024-11-03T05:00:00Z,15,0.412,A
/// ```
/// `meter`, `start` (with "Z" or an offset: local wall times repeat in the fall-back hour)
/// and `value` (in kWh, kW, kvarh or gallons, at most 3 decimals) are required; `channel`
/// defaults to the meter's main channel, `minutes` to its interval length, `flag` to A
/// (actual; E = estimated). Consecutive lines of one meter channel become one run.
struct IntervalCSV {
    static let aliases: [String: [String]] = [
        "meter": ["meter", "meter_serial", "serial"],
        "channel": ["channel"],
        "start": ["start", "interval_start", "start_utc", "timestamp", "time"],
        "minutes": ["minutes", "interval_minutes", "length"],
        "value": ["value", "kwh", "reading"],
        "flag": ["flag", "quality", "status"],
    ]
    static let required = ["meter", "start", "value"]

    private struct Run {
        var serial: String
        var channel: MeterChannel?
        var minutes: Int
        var start: Int64
        var firstLine: UInt32
        var values: [Int64] = []
        var estimated: [Bool] = []

        func continues(serial: String, channel: MeterChannel?, minutes: Int, start: Int64, line: UInt32) -> Bool {
            serial == self.serial && channel == self.channel && minutes == self.minutes
                && start == self.start + Int64(values.count * minutes * 60) && line == firstLine + UInt32(values.count)
        }
    }

    private var header: CSVHeader?
    private var run: Run?
    let calendar: ZoneCalendar
    /// Interval length by serial, for rows without a minutes column.
    let defaultMinutes: (String) -> Int?

    init(calendar: ZoneCalendar, defaultMinutes: @escaping (String) -> Int?) {
        self.calendar = calendar
        self.defaultMinutes = defaultMinutes
    }

    mutating func line(_ number: UInt32, _ bytes: ArraySlice<UInt8>, into collector: inout ImportCollector) {
        guard let row = ReadCSVRow.read(number, bytes, header: &header, aliases: Self.aliases, required: Self.required, into: &collector) else { return }
        let (header, fields, serial, channel) = (row.header, row.fields, row.serial, row.channel)
        let startText = header.value("start", in: fields)
        guard let start = Timestamps.parse(startText, calendar: calendar, allowLocal: false) else {
            return collector.reject(line: number, startText.isEmpty ? "no start" : "start '\(startText)' is not a time YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM")
        }
        let minutesText = header.value("minutes", in: fields)
        let minutes: Int
        if minutesText.isEmpty {
            minutes = defaultMinutes(serial) ?? 15
        } else {
            guard let parsed = Int(minutesText), [15, 30, 60].contains(parsed) else {
                return collector.reject(line: number, "minutes '\(minutesText)' is not 15, 30 or 60")
            }
            minutes = parsed
        }
        let valueText = header.value("value", in: fields)
        guard let value = Thousandths.parse(valueText) else {
            return collector.reject(line: number, valueText.isEmpty ? "no value" : "value '\(valueText)' is not a number with at most 3 decimals")
        }
        let flag = header.value("flag", in: fields).uppercased()
        guard ["", "A", "E", "ACTUAL", "ESTIMATED"].contains(flag) else {
            return collector.reject(line: number, "flag '\(flag)' is not A (actual) or E (estimated)")
        }
        if run?.continues(serial: serial, channel: channel, minutes: minutes, start: start, line: number) != true {
            flush(into: &collector)
            run = Run(serial: serial, channel: channel, minutes: minutes, start: start, firstLine: number)
        }
        run?.values.append(value)
        run?.estimated.append(flag.hasPrefix("E"))
    }

    mutating func finish(into collector: inout ImportCollector) {
        flush(into: &collector)
    }

    private mutating func flush(into collector: inout ImportCollector) {
        guard let run else { return }
        self.run = nil
        collector.addIntervals(
            serial: run.serial, channel: run.channel, start: run.start, minutes: run.minutes, values: run.values,
            estimated: run.estimated.contains(true) ? run.estimated : [], missing: [], line: run.firstLine, lineStep: 1)
    }
}
