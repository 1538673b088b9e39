import SettleContracts

/// A bill's lines summed by component, as the bill row's `components` column keeps them: the
/// register of a cycle adds these up instead of decoding every bill's lines (`rated` is most
/// of a stored bill's bytes). A bill's lines never change once it is written (a release or a
/// cancel rewrites its status, not its lines), so the column is written once, with the row.
///
/// The encoding is Rating's own, private to its store: for each component in first-seen
/// order, the name's UTF-8 length and bytes, the amount (zigzag) and the line count, each a
/// little-endian base-128 varint.
struct ComponentTotals: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var component: String
        var amountCents: Int64
        var lines: UInt32
    }

    private(set) var entries: [Entry] = []

    init(entries: [Entry] = []) { self.entries = entries }

    /// The totals of a rated bill's lines, one entry per component, in order of first line.
    init(_ rated: Settle_Rating_V1_RatedBill) {
        var position: [String: Int] = [:]
        for line in rated.lines {
            if let at = position[line.component] {
                entries[at].amountCents += line.amountCents
                entries[at].lines += 1
            } else {
                position[line.component] = entries.count
                entries.append(Entry(component: line.component, amountCents: line.amountCents, lines: 1))
            }
        }
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 16)
        func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        for entry in entries {
            let name = Array(entry.component.utf8)
            varint(UInt64(name.count))
            bytes += name
            varint(UInt64(bitPattern: (entry.amountCents << 1) ^ (entry.amountCents >> 63)))
            varint(UInt64(entry.lines))
        }
        return bytes
    }

    /// Decodes a `components` column; nil when the bytes are not one (then read the body).
    init?<Bytes: Collection<UInt8>>(decoding bytes: Bytes) where Bytes.Index == Int {
        var index = bytes.startIndex
        func varint() -> UInt64? { Varint.read(bytes, at: &index) }
        while index < bytes.endIndex {
            guard let length = varint(), length <= UInt64(bytes.endIndex - index) else { return nil }
            let name = String(decoding: bytes[index..<index + Int(length)], as: UTF8.self)
            index += Int(length)
            guard let zigzag = varint(), let lines = varint(), lines <= UInt64(UInt32.max) else { return nil }
            let amount = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
            entries.append(Entry(component: name, amountCents: amount, lines: UInt32(lines)))
        }
    }
}
