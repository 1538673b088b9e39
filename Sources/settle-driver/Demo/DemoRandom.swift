/// Deterministic randomness for the demo utility: every value is a pure function of the seed,
/// the entity's index and what is being decided, so the utility comes out the same whatever
/// order (or concurrency) it is created in.
struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64, index: Int, salt: UInt64) {
        state = DemoRandom.mix(seed ^ DemoRandom.mix(UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15 &* (salt &+ 1)))
    }

    /// SplitMix64: small, fast and well distributed, which is all the demo needs.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return DemoRandom.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with the given probability.
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }
}
