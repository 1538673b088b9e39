import SettleContracts

/// An exception found by a VEE run, before it is stored.
struct ExceptionDraft: Sendable {
    var type: ExceptionType
    var meter: MeterRecord?
    var channel: MeterChannel
    var measured: String
    var comparedWith: String
    var measuredValue: Int64 = 0
    var comparedValue: Int64 = 0
    /// The read concerned: the period's closing read, or where a missing one belongs.
    var readAt: Int64?
    var startAt: Int64?
    var estimates: [Settle_Metering_V1_EstimateOption] = []
    /// "open", or "estimated" when the run estimated it itself.
    var status = "open"
    var resolution = ""
    /// high_use / low_use: the history that fired, "last_year" or "average".
    var basis = ""
    /// Set when this exception blocks (or not) unlike its type's default, e.g. zero use
    /// from the N-th consecutive zero period on.
    var blockingOverride: Bool?

    init(type: ExceptionType, meter: MeterRecord?, channel: MeterChannel, measured: String, comparedWith: String) {
        self.type = type
        self.meter = meter
        self.channel = channel
        self.measured = measured
        self.comparedWith = comparedWith
    }

    var isBlocking: Bool { blockingOverride ?? type.blocking }
}
