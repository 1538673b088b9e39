/// The kinds of VEE exception, with whether each holds the bill by default and what a
/// specialist should first suspect and do.
enum ExceptionType: String, CaseIterable, Sendable {
    case missingRead = "missing_read"
    case readOutsideWindow = "read_outside_window"
    case negativeConsumption = "negative_consumption"
    case zeroUse = "zero_use"
    case vacantUse = "vacant_use"
    case highUse = "high_use"
    case lowUse = "low_use"
    case loadFactor = "load_factor"
    case intervalGap = "interval_gap"
    /// A complete day that repeats the day before exactly (two values for one interval,
    /// `interval_duplicate`, never get this far: an import refuses them naming both lines).
    case intervalRepeatedDay = "interval_repeated_day"
    case intervalSpike = "interval_spike"
    case intervalRegisterMismatch = "interval_register_mismatch"
    case periodTooShort = "period_too_short"
    case periodTooLong = "period_too_long"

    /// Blocking exceptions hold the bill until a person resolves them.
    var blocking: Bool {
        switch self {
        case .zeroUse, .vacantUse, .intervalRepeatedDay: false
        default: true
        }
    }

    var rootCause: String {
        switch self {
        case .missingRead: "the meter was not read (access problem, route skipped, AMI communication failure)"
        case .readOutsideWindow: "the read was taken too far from the cycle's scheduled date (rescheduled route, late read)"
        case .negativeConsumption: "a misread or keying error, a meter running backwards, or an unrecorded meter exchange"
        case .zeroUse: "a stopped or bypassed meter, a vacant premise still on an active account, or a disconnected service"
        case .vacantUse: "someone is using service at a premise with no active agreement (unauthorised use or an unrecorded move-in)"
        case .highUse: "a misread, a meter fault, a leak or new load, or a longer period than usual"
        case .lowUse: "a misread, a failing or tampered meter, or a vacancy"
        case .loadFactor: "the demand register was not reset or was misread, or the wrong multiplier applies to one register"
        case .intervalGap: "AMI communication failures or a head-end outage left intervals unreported"
        case .intervalRepeatedDay: "the head-end repeated a previous day's data instead of the day's own"
        case .intervalSpike: "a data error or a meter event (power-up, test) in one interval"
        case .intervalRegisterMismatch: "interval data and the register disagree: missing or duplicated intervals, or a register misread"
        case .periodTooShort, .periodTooLong: "the read was taken off schedule, or the previous read is wrong"
        }
    }

    var action: String {
        switch self {
        case .missingRead: "estimate the read, or request a re-read before billing"
        case .readOutsideWindow: "accept the read and prorate, or request a read on schedule"
        case .negativeConsumption: "check the read against the previous one; edit it if misread, or request a re-read"
        case .zeroUse: "confirm occupancy; send a field check of the meter if the premise is occupied"
        case .vacantUse: "investigate the premise; open an agreement for the user or lock the service"
        case .highUse, .lowUse: "compare with the customer's history; request a re-read or accept with a note"
        case .loadFactor: "check the demand read and reset; edit the demand read or request a re-read"
        case .intervalGap: "estimate the gaps (interpolation for short gaps, profile for long) or request the data again"
        case .intervalRepeatedDay: "request the day's data again from the head-end; accept if the days really match"
        case .intervalSpike: "compare with the register and neighbouring intervals; edit or accept"
        case .intervalRegisterMismatch: "bill from the register; request missing intervals or a register re-read"
        case .periodTooShort, .periodTooLong: "accept and prorate, or correct the read date"
        }
    }
}
