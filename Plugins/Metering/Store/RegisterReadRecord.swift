import GRDB
import SettleContracts
import SettleDomain

/// One stored register read (table `register_read`).
struct RegisterReadRecord: Sendable, Equatable {
    var meterID: Int64
    var channel: MeterChannel
    var readAt: Int64
    var value: Int64
    var kind: ReadKind
    /// The value before a person edited it through VEE.
    var originalValue: Int64?

    init(meterID: Int64, channel: MeterChannel, readAt: Int64, value: Int64, kind: ReadKind, originalValue: Int64? = nil) {
        self.meterID = meterID
        self.channel = channel
        self.readAt = readAt
        self.value = value
        self.kind = kind
        self.originalValue = originalValue
    }

    static let columns = "meter_id, channel, read_at, value, kind, original_value"

    /// Oldest first, channels of one instant in channel order: how a premise's reads are kept.
    static func inReadOrder(_ first: RegisterReadRecord, _ second: RegisterReadRecord) -> Bool {
        (first.readAt, first.channel.rawValue) < (second.readAt, second.channel.rawValue)
    }

    /// Decodes by position, in the order of `columns` (billing decodes millions of reads).
    init(row: Row) {
        meterID = row[0]
        channel = MeterChannel(rawValue: row[1]) ?? .kwhDelivered
        readAt = row[2]
        value = row[3]
        kind = ReadKind(rawValue: row[4]) ?? .actual
        originalValue = row[5]
    }

    func proto(serial: String, calendar: ZoneCalendar) -> Settle_Metering_V1_RegisterRead {
        var read = Settle_Metering_V1_RegisterRead()
        read.meterSerial = serial
        read.channel = channel.proto
        read.readAtUtc = readAt
        read.value = value / channel.readingScale
        read.valueDecimal = channel.formatReading(value)
        read.kind = kind.proto
        read.readDate = calendar.localDate(of: readAt).description
        return read
    }
}
