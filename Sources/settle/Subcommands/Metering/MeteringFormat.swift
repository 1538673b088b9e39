import ArgumentParser
import SettleContracts

/// How `settle` shows metering values, and parses the register reads given on the command line.
enum MeteringFormat {
    /// Thousandths as a decimal: 12345 → "12.345".
    static func thousandths(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = magnitude % 1_000
        guard fraction != 0 else { return "\(sign)\(magnitude / 1_000)" }
        var text = String(fraction)
        text = String(repeating: "0", count: 3 - text.count) + text
        while text.hasSuffix("0") { text.removeLast() }
        return "\(sign)\(magnitude / 1_000).\(text)"
    }

    static func channelName(_ channel: Settle_Metering_V1_Channel) -> String {
        switch channel {
        case .kwhDelivered: "kwh_delivered"
        case .kwhReceived: "kwh_received"
        case .kwDemand: "kw_demand"
        case .kvarh: "kvarh"
        case .gallons: "gallons"
        default: "-"
        }
    }

    static func channel(_ name: String) -> Settle_Metering_V1_Channel? {
        switch name.lowercased() {
        case "kwh_delivered", "kwh", "delivered": .kwhDelivered
        case "kwh_received", "received": .kwhReceived
        case "kw_demand", "kw", "demand": .kwDemand
        case "kvarh": .kvarh
        case "gallons", "gal": .gallons
        default: nil
        }
    }

    static func kindName(_ kind: Settle_Metering_V1_ReadKind) -> String {
        switch kind {
        case .unspecified, .UNRECOGNIZED: "-"
        default: kind.name
        }
    }

    /// "CHANNEL=VALUE" or just "VALUE" (the main channel, kwh_delivered unless water).
    static func channelReads(_ texts: [String], water: Bool = false) throws -> [Settle_Metering_V1_ChannelRead] {
        try texts.map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            var read = Settle_Metering_V1_ChannelRead()
            if parts.count == 2 {
                guard let channel = channel(parts[0]) else { throw ValidationError("unknown channel '\(parts[0])' in --read \(text)") }
                read.channel = channel
            } else {
                read.channel = water ? .gallons : .kwhDelivered
            }
            guard let value = Int64(parts.last ?? "") else { throw ValidationError("--read \(text): the reading must be a whole number") }
            read.value = value
            return read
        }
    }

    static func printMeter(_ response: Settle_Metering_V1_MeterResponse) {
        let meter = response.meter
        print("meter \(meter.serial): \(meter.serviceType) \(meter.kind), \(meter.status)")
        print("  dials \(meter.dials), multiplier \(meter.multiplier) (CT \(meter.ctRatio) × PT \(meter.ptRatio) × constant \(meter.registerConstant))")
        print("  channels \(meter.channels.map(channelName).joined(separator: ", "))\(meter.touCapable ? ", TOU registers" : "")\(meter.intervalMinutes > 0 ? ", \(meter.intervalMinutes)-minute intervals" : "")")
        if !meter.form.isEmpty || meter.serviceAmps > 0 { print("  form \(Cell.dash(meter.form)), service \(meter.serviceAmps) A\(meter.size.isEmpty ? "" : ", size \(meter.size)")") }
        if !meter.premiseID.isEmpty { print("  installed at \(meter.premiseID) since \(meter.installedOn)") }
        if !response.installs.isEmpty {
            print("")
            Output.table(["PREMISE", "SERVICE", "INSTALLED", "REMOVED"], response.installs.map { [$0.premiseID, $0.serviceType, $0.installedOn, Cell.dash($0.removedOn)] })
        }
        if !response.recentReads.isEmpty {
            print("")
            Output.table(["DATE", "CHANNEL", "VALUE", "KIND"], response.recentReads.map { [$0.readDate, channelName($0.channel), "\($0.value)", kindName($0.kind)] })
        }
        if !response.readRequests.isEmpty {
            print("")
            Output.table(["REQUEST", "DATE", "KIND", "REASON"], response.readRequests.map { [$0.id, $0.date, $0.kind, $0.reason] })
        }
    }
}
