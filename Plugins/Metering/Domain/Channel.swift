import SettleContracts

/// What a meter measures on one of its channels, stored as its contract number.
enum MeterChannel: Int, CaseIterable, Sendable, Comparable {
    case kwhDelivered = 1
    case kwhReceived = 2
    case kwDemand = 3
    case kvarh = 4
    case gallons = 5

    /// Cumulative registers roll over and are billed by difference; demand is a peak value.
    var isCumulative: Bool { self != .kwDemand }

    /// The name used in CSV files and messages.
    var name: String {
        switch self {
        case .kwhDelivered: "kwh_delivered"
        case .kwhReceived: "kwh_received"
        case .kwDemand: "kw_demand"
        case .kvarh: "kvarh"
        case .gallons: "gallons"
        }
    }

    /// The unit of the channel's thousandths, for messages to people.
    var milliUnit: String {
        switch self {
        case .kwhDelivered, .kwhReceived: "Wh"
        case .kwDemand: "W"
        case .kvarh: "varh"
        case .gallons: "thousandths of a gallon"
        }
    }

    var unit: String {
        switch self {
        case .kwhDelivered, .kwhReceived: "kWh"
        case .kwDemand: "kW"
        case .kvarh: "kvarh"
        case .gallons: "gallons"
        }
    }

    /// Accepts the CSV name ("kwh_delivered"), a short alias ("kwh", "kw", "gal"), or the contract enum name.
    init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "kwh_delivered", "kwh", "delivered": self = .kwhDelivered
        case "kwh_received", "received": self = .kwhReceived
        case "kw_demand", "kw", "demand": self = .kwDemand
        case "kvarh": self = .kvarh
        case "gallons", "gal", "gallon": self = .gallons
        default: return nil
        }
    }

    init?(_ proto: Settle_Metering_V1_Channel) {
        self.init(rawValue: proto.rawValue)
    }

    var proto: Settle_Metering_V1_Channel { Settle_Metering_V1_Channel(rawValue: rawValue) ?? .unspecified }

    static func < (lhs: MeterChannel, rhs: MeterChannel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A meter's channels as a bit set (bit n = channel n), the form the store keeps.
struct ChannelSet: Hashable, Sendable, Sequence {
    var bits: Int

    init(bits: Int) { self.bits = bits }

    init(_ channels: some Sequence<MeterChannel>) {
        bits = channels.reduce(0) { $0 | (1 << $1.rawValue) }
    }

    func contains(_ channel: MeterChannel) -> Bool { bits & (1 << channel.rawValue) != 0 }

    var isEmpty: Bool { bits == 0 }

    func makeIterator() -> IndexingIterator<[MeterChannel]> {
        MeterChannel.allCases.filter(contains).makeIterator()
    }
}
