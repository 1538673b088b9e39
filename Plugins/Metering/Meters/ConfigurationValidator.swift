/// Checks a meter's configuration before it may be activated, listing every problem.
///
/// Rules (as `Plugins/Metering/README.md` gives them to specialists):
/// - `not_installed`: the meter must be installed at a premise.
/// - `install_read`: each cumulative channel needs an install read.
/// - `form_unknown`: an electric meter needs a known ANSI form.
/// - `multiplier_form`: self-contained forms (1S, 2S, 12S, 14S, 15S, 16S, 25S) take no
///   instrument transformers (CT and PT ratio 1); transformer-rated forms (3S, 4S, 5S, 6S,
///   8S, 9S, 10S, 26S, 29S, 35S, 36S, 45S, 46S, 66S) need a CT ratio above 1. Water meters
///   have no transformers.
/// - `multiplier_service_size`: a self-contained meter serves at most 320 A; a CT's primary
///   rating (ratio × 5 A) must be between half and twice the service size.
/// - `dials`: 4–8 dials (water 4–9), and enough register capacity (10^dials × multiplier)
///   that a month at a 25 % load factor of the service size wraps it at most once.
/// - `channel_required`, `tou_capability`, `received_channel`, `demand_channel`: what the
///   service and the premise's rate need.
import SettleContracts
import SettleDomain

enum ConfigurationValidator {
    struct Problem: Equatable, Sendable {
        let code: String
        let message: String
    }

    static let selfContainedForms: Set<String> = ["1S", "2S", "12S", "14S", "15S", "16S", "25S"]
    static let transformerRatedForms: Set<String> = ["3S", "4S", "5S", "6S", "8S", "9S", "10S", "26S", "29S", "35S", "36S", "45S", "46S", "66S"]

    static func validate(
        meter: MeterRecord,
        install: InstallRecord?,
        installReads: Set<MeterChannel>,
        requirement: RateRequirement?
    ) -> [Problem] {
        var problems: [Problem] = []
        func add(_ code: String, _ message: String) { problems.append(Problem(code: code, message: message)) }
        let multiplier = Micros.format(meter.multiplierMicros)
        let ct = Micros.format(meter.ctRatioMicros)

        if install == nil {
            add("not_installed", "meter \(meter.serial) is not installed at a premise")
        } else {
            for channel in meter.channels where channel.isCumulative && !installReads.contains(channel) {
                add("install_read", "no install read for the \(channel.name) channel")
            }
        }

        let hasTransformers = meter.ctRatioMicros != Micros.scale || meter.ptRatioMicros != Micros.scale
        if meter.serviceType == .electric {
            if selfContainedForms.contains(meter.form) {
                if hasTransformers {
                    add("multiplier_form", "form \(meter.form) is self-contained: CT and PT ratios must be 1, not CT \(ct) × PT \(Micros.format(meter.ptRatioMicros)) (multiplier \(multiplier))")
                }
                if meter.serviceAmps > 320 {
                    add("multiplier_service_size", "a self-contained form \(meter.form) meter serves at most 320 A; this service is \(meter.serviceAmps) A and needs a transformer-rated form with CTs")
                }
            } else if transformerRatedForms.contains(meter.form) {
                if meter.ctRatioMicros <= Micros.scale {
                    add("multiplier_form", "form \(meter.form) is transformer-rated and needs a CT ratio above 1 (it has \(ct))")
                } else if meter.serviceAmps > 0 {
                    let primaryAmps = Ratio.scale(meter.ctRatioMicros, by: 5, dividedBy: Micros.scale)
                    if primaryAmps * 2 < meter.serviceAmps || primaryAmps > meter.serviceAmps * 2 {
                        add("multiplier_service_size", "CT ratio \(ct) (\(primaryAmps):5 A) does not suit a \(meter.serviceAmps) A service; expected a primary between \(meter.serviceAmps / 2) and \(meter.serviceAmps * 2) A")
                    }
                }
            } else {
                add("form_unknown", meter.form.isEmpty ? "no ANSI form given for an electric meter" : "form '\(meter.form)' is not a known ANSI meter form")
            }
            if meter.serviceAmps == 0 {
                add("multiplier_service_size", "no service size (amperes) given, so the multiplier cannot be checked against it")
            }
        } else if hasTransformers {
            add("multiplier_form", "a \(meter.serviceType.rawValue) meter has no instrument transformers: CT and PT ratios must be 1")
        }

        let dialRange = meter.serviceType == .electric ? 4...8 : 4...9
        if !dialRange.contains(meter.dials) {
            add("dials", "\(meter.dials) dials is outside \(dialRange.lowerBound)–\(dialRange.upperBound) for a \(meter.serviceType.rawValue) meter")
        } else if meter.serviceType == .electric, meter.serviceAmps > 0 {
            // Capacity in kWh = 10^dials × multiplier; a month at 25 % load factor = amps × 240 V × 744 h × 0.25 / 1000.
            let capacityMicros = Int128(RegisterMath.modulus(dials: meter.dials)) * Int128(meter.multiplierMicros)
            let monthlyKWh = Int128(meter.serviceAmps) * 240 * 744 / 4 / 1_000
            if capacityMicros < monthlyKWh * Int128(Micros.scale) {
                add("dials", "\(meter.dials) dials × multiplier \(multiplier) hold \(capacityMicros / Int128(Micros.scale)) kWh, less than a month at 25 % load on a \(meter.serviceAmps) A service (\(monthlyKWh) kWh): it could wrap more than once between reads")
            }
        }

        let primary = meter.serviceType.primaryChannel
        if meter.serviceType == .electric || meter.serviceType == .water, !meter.channels.contains(primary) {
            add("channel_required", "a \(meter.serviceType.rawValue) meter needs a \(primary.name) channel")
        }
        if let requirement {
            if requirement.needsTOU, meter.kind != .interval, !meter.touCapable {
                add("tou_capability", "rate \(requirement.rateSchedule) is time-of-use: the meter needs interval data or TOU registers")
            }
            if requirement.needsReceived, !meter.channels.contains(.kwhReceived) {
                add("received_channel", "rate \(requirement.rateSchedule) nets solar exports: the meter needs a kwh_received channel")
            }
            if requirement.needsDemand, !meter.channels.contains(.kwDemand), meter.kind != .interval {
                add("demand_channel", "rate \(requirement.rateSchedule) bills demand: the meter needs a kw_demand channel or interval data")
            }
        }
        return problems
    }
}
