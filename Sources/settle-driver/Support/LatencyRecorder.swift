/// Collects call latencies and answers percentiles, for benchmark reports.
struct LatencyRecorder {
    private(set) var samples: [Duration] = []

    mutating func record(_ duration: Duration) { samples.append(duration) }

    mutating func merge(_ other: LatencyRecorder) { samples.append(contentsOf: other.samples) }

    /// The p-th percentile (0...100) in microseconds.
    func percentileMicros(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        let (seconds, attoseconds) = sorted[index].components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
