/// The compact stored form of an ``IntervalDay``: one blob per meter channel per local day.
///
/// Layout: version byte (1); flags byte (bit 0: every slot present, bit 1: none estimated);
/// slot count and minutes as varints; the presence bitmap unless every slot is present; the
/// estimated bitmap unless none is; then each present value as the zig-zag varint of its
/// difference from the previous present value. A typical 96-slot residential day takes
/// 100–200 bytes instead of 96 rows.
enum IntervalCodec {
    static let version: UInt8 = 1

    struct DecodeError: Error, CustomStringConvertible {
        let description: String
    }

    static func encode(_ day: IntervalDay) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + day.slots * 2)
        let allPresent = day.present == SlotMask.all(day.slots)
        let noneEstimated = day.estimated.isEmpty
        out.append(version)
        out.append((allPresent ? 1 : 0) | (noneEstimated ? 2 : 0))
        appendVarint(UInt64(day.slots), to: &out)
        appendVarint(UInt64(day.minutes), to: &out)
        if !allPresent { out.append(contentsOf: day.present.bytes(count: day.slots)) }
        if !noneEstimated { out.append(contentsOf: day.estimated.bytes(count: day.slots)) }
        var previous: Int64 = 0
        for slot in 0..<day.slots where day.present[slot] {
            let value = day.values[slot]
            let delta = value &- previous
            appendVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)), to: &out)
            previous = value
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> IntervalDay {
        var index = 0
        func byte() throws -> UInt8 {
            guard index < bytes.count else { throw DecodeError(description: "interval blob ends early") }
            defer { index += 1 }
            return bytes[index]
        }
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
                guard shift < 64 else { throw DecodeError(description: "interval blob has a bad varint") }
            }
        }
        guard try byte() == version else { throw DecodeError(description: "interval blob has an unknown version") }
        let flags = try byte()
        let slots = Int(try varint())
        let minutes = Int(try varint())
        guard slots > 0, slots <= SlotMask.capacity, minutes > 0 else {
            throw DecodeError(description: "interval blob has \(slots) slots of \(minutes) minutes")
        }
        var day = IntervalDay(slots: slots, minutes: minutes)
        let maskBytes = (slots + 7) / 8
        if flags & 1 != 0 {
            day.present = SlotMask.all(slots)
        } else {
            guard index + maskBytes <= bytes.count else { throw DecodeError(description: "interval blob ends early") }
            day.present = SlotMask(bytes: bytes[index..<index + maskBytes])
            index += maskBytes
        }
        if flags & 2 == 0 {
            guard index + maskBytes <= bytes.count else { throw DecodeError(description: "interval blob ends early") }
            day.estimated = SlotMask(bytes: bytes[index..<index + maskBytes])
            index += maskBytes
        }
        var previous: Int64 = 0
        for slot in 0..<slots where day.present[slot] {
            let zigzag = try varint()
            let delta = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
            previous = previous &+ delta
            day.values[slot] = previous
        }
        return day
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
