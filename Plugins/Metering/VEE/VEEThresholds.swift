import SettleContracts
import SettleDomain
import SettleModuleSDK

/// The limits VEE applies, per rate class (a row for "" is the default for every class
/// without its own; without that row the built-in values below apply).
struct VEEThresholds: Sendable, Equatable {
    var rateClass = ""
    var highUsePercent = 200
    var lowUsePercent = 40
    var minHistoryWh: Int64 = 50_000
    var minPeriodDays = 25
    var maxPeriodDays = 35
    var readWindowDays = 3
    var maxLoadFactorPercent = 100
    var intervalRegisterTolerancePermille = 20
    var spikeFactor = 10
    var spikeMinWh: Int64 = 2_000
    var vacantUseWh: Int64 = 10_000
    /// Interval gaps up to this many minutes are interpolated, longer ones filled from the profile.
    var shortGapMinutes = 120
    var rolloverMaxPercent = 300
    /// Zero use blocks (holds the bill) from the N-th consecutive zero period on.
    var zeroUsePeriods = 3

    static let builtIn = VEEThresholds()

    /// The thresholds of a class from a `VEEThresholdStore.loadAll` result.
    static func resolve(_ rateClass: String, in all: [String: VEEThresholds]) -> VEEThresholds {
        var chosen = all[rateClass] ?? all[""] ?? .builtIn
        chosen.rateClass = rateClass
        return chosen
    }

    init() {}

    /// From a request: 0 in a field keeps `base`'s value (proto3 cannot tell 0 from unset).
    init(_ proto: Settle_Metering_V1_VeeThresholds, over base: VEEThresholds) throws {
        self = base
        rateClass = proto.rateClass
        func pick(_ value: UInt32, _ current: Int) -> Int { value == 0 ? current : Int(value) }
        func pick(_ value: Int64, _ current: Int64) -> Int64 { value == 0 ? current : value }
        highUsePercent = pick(proto.highUsePercent, highUsePercent)
        lowUsePercent = pick(proto.lowUsePercent, lowUsePercent)
        minHistoryWh = pick(proto.minHistoryWh, minHistoryWh)
        minPeriodDays = pick(proto.minPeriodDays, minPeriodDays)
        maxPeriodDays = pick(proto.maxPeriodDays, maxPeriodDays)
        readWindowDays = pick(proto.readWindowDays, readWindowDays)
        maxLoadFactorPercent = pick(proto.maxLoadFactorPercent, maxLoadFactorPercent)
        intervalRegisterTolerancePermille = pick(proto.intervalRegisterTolerancePermille, intervalRegisterTolerancePermille)
        spikeFactor = pick(proto.spikeFactor, spikeFactor)
        spikeMinWh = pick(proto.spikeMinWh, spikeMinWh)
        vacantUseWh = pick(proto.vacantUseWh, vacantUseWh)
        // short_gap_minutes wins; the older interval count means 15-minute intervals.
        shortGapMinutes = proto.shortGapMinutes != 0 ? Int(proto.shortGapMinutes) : proto.shortGapIntervals != 0 ? Int(proto.shortGapIntervals) * 15 : shortGapMinutes
        rolloverMaxPercent = pick(proto.rolloverMaxPercent, rolloverMaxPercent)
        zeroUsePeriods = pick(proto.zeroUsePeriods, zeroUsePeriods)
        guard highUsePercent > 100 else { throw MeteringError.invalid("high_use_percent", "\(highUsePercent) must be above 100") }
        guard lowUsePercent < 100 else { throw MeteringError.invalid("low_use_percent", "\(lowUsePercent) must be below 100") }
        guard minPeriodDays <= maxPeriodDays else { throw MeteringError.invalid("min_period_days", "\(minPeriodDays) is above max_period_days \(maxPeriodDays)") }
        guard readWindowDays <= 15 else { throw MeteringError.invalid("read_window_days", "\(readWindowDays) is more than 15 days") }
        guard minHistoryWh >= 0, spikeMinWh >= 0, vacantUseWh >= 0 else { throw MeteringError.invalid("thresholds", "Wh thresholds cannot be negative") }
        guard shortGapMinutes <= 1_440 else { throw MeteringError.invalid("short_gap_minutes", "\(shortGapMinutes) is more than a day (1,440 minutes)") }
        guard zeroUsePeriods <= 24 else { throw MeteringError.invalid("zero_use_periods", "\(zeroUsePeriods) is more than 24 periods") }
    }

    var proto: Settle_Metering_V1_VeeThresholds {
        var proto = Settle_Metering_V1_VeeThresholds()
        proto.rateClass = rateClass
        proto.highUsePercent = UInt32(highUsePercent)
        proto.lowUsePercent = UInt32(lowUsePercent)
        proto.minHistoryWh = minHistoryWh
        proto.minPeriodDays = UInt32(minPeriodDays)
        proto.maxPeriodDays = UInt32(maxPeriodDays)
        proto.readWindowDays = UInt32(readWindowDays)
        proto.maxLoadFactorPercent = UInt32(maxLoadFactorPercent)
        proto.intervalRegisterTolerancePermille = UInt32(intervalRegisterTolerancePermille)
        proto.spikeFactor = UInt32(spikeFactor)
        proto.spikeMinWh = spikeMinWh
        proto.vacantUseWh = vacantUseWh
        proto.shortGapIntervals = UInt32(shortGapMinutes / 15)
        proto.shortGapMinutes = UInt32(shortGapMinutes)
        proto.rolloverMaxPercent = UInt32(rolloverMaxPercent)
        proto.zeroUsePeriods = UInt32(zeroUsePeriods)
        return proto
    }
}
