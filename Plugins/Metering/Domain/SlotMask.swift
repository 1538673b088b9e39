/// A set of interval slots of one day (at most 128: a 25-hour day of 15-minute intervals is 100).
struct SlotMask: Hashable, Sendable {
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0

    static let capacity = 128

    init() {}

    /// Every slot below `count`.
    static func all(_ count: Int) -> SlotMask {
        var mask = SlotMask()
        mask.low = count >= 64 ? .max : (count <= 0 ? 0 : (1 << UInt64(count)) - 1)
        mask.high = count >= 128 ? .max : (count <= 64 ? 0 : (1 << UInt64(count - 64)) - 1)
        return mask
    }

    subscript(slot: Int) -> Bool {
        get { slot < 64 ? low & (1 << UInt64(slot)) != 0 : high & (1 << UInt64(slot - 64)) != 0 }
        set {
            if slot < 64 {
                if newValue { low |= 1 << UInt64(slot) } else { low &= ~(1 << UInt64(slot)) }
            } else {
                if newValue { high |= 1 << UInt64(slot - 64) } else { high &= ~(1 << UInt64(slot - 64)) }
            }
        }
    }

    var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }
    var isEmpty: Bool { low == 0 && high == 0 }

    func union(_ other: SlotMask) -> SlotMask {
        var mask = self
        mask.low |= other.low
        mask.high |= other.high
        return mask
    }

    func intersection(_ other: SlotMask) -> SlotMask {
        var mask = self
        mask.low &= other.low
        mask.high &= other.high
        return mask
    }

    /// The slots below `count` not in the set.
    func complement(upTo count: Int) -> SlotMask {
        let all = SlotMask.all(count)
        var mask = SlotMask()
        mask.low = all.low & ~low
        mask.high = all.high & ~high
        return mask
    }

    /// Little-endian bytes of the first `count` slots.
    func bytes(count: Int) -> [UInt8] {
        (0..<((count + 7) / 8)).map { index in
            let bit = index * 8
            let word = bit < 64 ? low >> UInt64(bit) : high >> UInt64(bit - 64)
            return UInt8(truncatingIfNeeded: word)
        }
    }

    init(bytes: some Collection<UInt8>) {
        for (index, byte) in bytes.enumerated() where index < 16 {
            let bit = index * 8
            if bit < 64 { low |= UInt64(byte) << UInt64(bit) } else { high |= UInt64(byte) << UInt64(bit - 64) }
        }
    }
}
