/// One meter channel's interval values over one local day: the unit interval data is stored in.
///
/// Slot `i` covers `[startUTC + i × minutes, + minutes)`. A day has 96 fifteen-minute slots,
/// 92 on the spring-forward day and 100 on the fall-back day. Values are thousandths of the
/// channel's unit (Wh for kWh); a slot can be missing (a gap) or estimated.
struct IntervalDay: Sendable, Equatable {
    var slots: Int
    var minutes: Int
    var values: [Int64]
    var present: SlotMask
    var estimated: SlotMask

    init(slots: Int, minutes: Int) {
        self.slots = slots
        self.minutes = minutes
        self.values = Array(repeating: 0, count: slots)
        self.present = SlotMask()
        self.estimated = SlotMask()
    }

    var presentCount: Int { present.count }
    var missingCount: Int { slots - present.count }
    var estimatedCount: Int { estimated.count }

    /// Sum of the present values.
    var total: Int64 {
        var sum: Int64 = 0
        for slot in 0..<slots where present[slot] { sum += values[slot] }
        return sum
    }

    /// Largest present value (0 when none).
    var maxValue: Int64 {
        var best: Int64 = 0
        var seen = false
        for slot in 0..<slots where present[slot] {
            if !seen || values[slot] > best { best = values[slot]; seen = true }
        }
        return best
    }

    /// Sets a slot's value.
    mutating func set(_ slot: Int, _ value: Int64, estimated isEstimated: Bool = false) {
        values[slot] = value
        present[slot] = true
        estimated[slot] = isEstimated
    }
}
