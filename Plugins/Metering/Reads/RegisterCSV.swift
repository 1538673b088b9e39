import SettleDomain

/// Register reads CSV (see Plugins/Metering/README.md):
///
/// ```
/// meter,channel,read_at,value,kind
/// E100234,kwh_delivered,2024-03-15,48213,actual
/// ```
/// `meter`, `read_at` and `value` are required; `channel` defaults to the meter's main
/// channel and `kind` to actual. Columns may come in any order and go by a few aliases.
struct RegisterCSV {
    static let aliases: [String: [String]] = [
        "meter": ["meter", "meter_serial", "serial"],
        "channel": ["channel"],
        "read_at": ["read_at", "date", "read_date", "timestamp", "time"],
        "value": ["value", "reading", "read"],
        "kind": ["kind", "type", "read_kind"],
    ]
    static let required = ["meter", "read_at", "value"]

    private var header: CSVHeader?
    let calendar: ZoneCalendar

    init(calendar: ZoneCalendar) { self.calendar = calendar }

    mutating func line(_ number: UInt32, _ bytes: ArraySlice<UInt8>, into collector: inout ImportCollector) {
        guard let row = ReadCSVRow.read(number, bytes, header: &header, aliases: Self.aliases, required: Self.required, into: &collector) else { return }
        let (header, fields, serial, channel) = (row.header, row.fields, row.serial, row.channel)
        let timeText = header.value("read_at", in: fields)
        guard let readAt = Timestamps.parse(timeText, calendar: calendar, allowLocal: true) else {
            return collector.reject(line: number, timeText.isEmpty ? "no read_at" : "read_at '\(timeText)' is not a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]")
        }
        let valueText = header.value("value", in: fields)
        guard let value = (channel ?? .kwhDelivered).parseReading(valueText) else {
            return collector.reject(line: number, valueText.isEmpty ? "no value" : channel == .kwDemand
                ? "value '\(valueText)' is not a kW demand reading (a number with at most 3 decimals)"
                : "value '\(valueText)' is not a whole register reading (only kw_demand readings take decimals)")
        }
        let kindText = header.value("kind", in: fields)
        guard let kind = ReadKind(name: kindText) else {
            return collector.reject(line: number, "kind '\(kindText)' is not actual, estimated, customer or final")
        }
        collector.addRegister(serial: serial, channel: channel, readAt: readAt, value: value, kind: kind, line: number)
    }
}
