/// What every row of a read CSV starts with, register or interval: blank lines skipped, the
/// header read once (naming the required columns it lacks), then the row's meter serial and
/// its optional channel. The two formats differ only in what follows.
struct ReadCSVRow {
    let header: CSVHeader
    let fields: [Substring]
    let serial: String
    /// nil when the row leaves the channel to the meter's main one.
    let channel: MeterChannel?

    /// The row on line `number`, or nil when the line was blank, was the header (kept in
    /// `header`), or was rejected into `collector` with its reason.
    @inline(__always)
    static func read(
        _ number: UInt32, _ bytes: ArraySlice<UInt8>, header: inout CSVHeader?, aliases: [String: [String]],
        required: [String], into collector: inout ImportCollector
    ) -> ReadCSVRow? {
        // A spreadsheet saving "CSV UTF-8" starts the file with a byte-order mark; before the
        // header it would become part of the first column's name.
        let bytes = header == nil ? withoutByteOrderMark(bytes) : bytes
        if CSVLines.isBlank(bytes) { return nil }
        guard let fields = CSVLines.fields(bytes) else {
            collector.reject(line: number, "unterminated quoted field")
            return nil
        }
        guard let known = header else {
            let parsed = CSVHeader(fields: fields, aliases: aliases)
            let missing = parsed.missing(required)
            if !missing.isEmpty {
                let names = required.dropLast().joined(separator: ", ") + " and " + (required.last ?? "")
                collector.reject(line: number, "the header must name the columns \(names) (missing: \(missing.joined(separator: ", ")))")
            }
            header = parsed
            return nil
        }
        let channelText = known.value("channel", in: fields)
        var channel: MeterChannel?
        if !channelText.isEmpty {
            guard let parsed = MeterChannel(name: channelText) else {
                collector.reject(line: number, "unknown channel '\(channelText)'")
                return nil
            }
            channel = parsed
        }
        return ReadCSVRow(header: known, fields: fields, serial: String(known.value("meter", in: fields)), channel: channel)
    }

    private static func withoutByteOrderMark(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
    }
}
