/// A kW demand register's reading: up to 3 decimal places (`0.420`), kept as integer
/// thousandths of a kW so it stays exact.
///
/// Energy and volume registers read whole dial values; a demand register shows the period's
/// peak in kW with a decimal point, and billing demand is that reading × the multiplier
/// (0.420 × 80 = 33.6 kW). Stored `register_read.value`s of `kw_demand` are these thousandths.
enum DemandReading {
    /// Stored units per kW.
    static let scale: Int64 = 1_000

    /// `"0.420"` → 420; whole `"12"` → 12,000. Nil for a negative number, more than 3
    /// decimals, or anything that is not a plain decimal.
    static func parse(_ text: some StringProtocol) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), whole.count <= 12 else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 3 { fraction += "0" }
        guard let units = Int64(whole), let thousandths = Int64(fraction) else { return nil }
        return units * scale + thousandths
    }

    /// 420 → `"0.420"`: always three decimals, so a reading shows how it was taken.
    static func format(_ thousandths: Int64) -> String {
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        let fraction = String(magnitude % 1_000)
        return "\(sign)\(magnitude / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Billing demand in W (thousandths of a kW): reading × multiplier, rounded half up.
    static func watts(readingThousandths: Int64, multiplierMicros: Int64) -> Int64 {
        Ratio.scale(readingThousandths, by: multiplierMicros, dividedBy: 1_000_000)
    }
}

extension MeterChannel {
    /// Stored units per reading unit: thousandths for a demand register, 1 for the others.
    var readingScale: Int64 { self == .kwDemand ? DemandReading.scale : 1 }

    /// A stored reading as a person reads it: `"0.420"` for demand, `"48213"` otherwise.
    func formatReading(_ stored: Int64) -> String {
        self == .kwDemand ? DemandReading.format(stored) : String(stored)
    }

    /// A reading as written in a file or message, in stored units: up to 3 decimals for a
    /// demand register, whole otherwise. Nil when it is not a valid reading for the channel.
    func parseReading(_ text: some StringProtocol) -> Int64? {
        if self == .kwDemand { return DemandReading.parse(text) }
        return Int64(text)
    }
}
