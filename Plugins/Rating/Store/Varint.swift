/// Protobuf's base-128 varint, read in place: Rating's compact `components` column and the
/// scan of a stored bill's fields both walk raw bytes this way rather than decode whole
/// messages, which is what keeps the register and the anomaly scan fast on a month of bills.
enum Varint {
    /// The varint starting at `index`, with `index` moved past it; nil when the bytes end
    /// first or it runs past 64 bits.
    @inline(__always)
    static func read<Bytes: Collection<UInt8>>(_ bytes: Bytes, at index: inout Int) -> UInt64? where Bytes.Index == Int {
        var value: UInt64 = 0, shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
