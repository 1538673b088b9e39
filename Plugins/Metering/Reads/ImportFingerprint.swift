/// A deterministic fingerprint of everything an import stream carried.
///
/// The idempotency record needs to tell a retry of the same import from a different import
/// sent with the same key. Re-serializing a million rows to hash them would cost as much as
/// the import, so each row's fields are folded into two 64-bit lanes as they are read.
/// (Swift's `Hasher` is seeded per process, so it cannot be used: a retry may come to a
/// restarted host.)
struct ImportFingerprint {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private(set) var items: UInt64 = 0

    mutating func add(_ value: Int64) { add(UInt64(bitPattern: value)) }

    mutating func add(_ value: UInt64) {
        a = Self.mix(a ^ value)
        b = Self.mix(b &+ value &* 0x9E37_79B9_7F4A_7C15)
        items &+= 1
    }

    mutating func add(_ text: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        add(h)
    }

    mutating func add(bytes: some Sequence<UInt8>) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var count: UInt64 = 0
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            count &+= 1
        }
        add(h)
        add(count)
    }

    private var streamHash: UInt64 = 0xCBF2_9CE4_8422_2325
    private var streamBytes: UInt64 = 0

    /// Adds file bytes as one continuous stream, so how the file was cut into messages
    /// does not change the fingerprint.
    mutating func addStream(_ bytes: some Sequence<UInt8>) {
        var h = streamHash
        var count = streamBytes
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            count &+= 1
        }
        streamHash = h
        streamBytes = count
    }

    /// 24 bytes: both lanes (with the file stream folded in) and the item count.
    var bytes: [UInt8] {
        var copy = self
        if streamBytes > 0 {
            copy.add(streamHash)
            copy.add(streamBytes)
        }
        return [copy.a, copy.b, copy.items].flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value >> (UInt64($0) * 8)) } }
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
