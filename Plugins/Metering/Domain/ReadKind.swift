import SettleContracts

/// Where a register read came from, stored as its contract number.
enum ReadKind: Int, Sendable {
    case actual = 1
    case estimated = 2
    case customer = 3
    case final = 4
    case install = 5
    case removal = 6
    case edited = 7

    /// Reads that can open or close a billing period (install and removal reads only
    /// bound a meter's segment inside one).
    var isBillingRead: Bool { self != .install && self != .removal }

    var name: String { proto.name }

    /// CSV spelling: the name, or one letter (A, E, C, F).
    init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "", "a", "actual": self = .actual
        case "e", "estimated": self = .estimated
        case "c", "customer": self = .customer
        case "f", "final": self = .final
        default: return nil
        }
    }

    init(_ proto: Settle_Metering_V1_ReadKind) {
        self = ReadKind(rawValue: proto.rawValue) ?? .actual
    }

    var proto: Settle_Metering_V1_ReadKind { Settle_Metering_V1_ReadKind(rawValue: rawValue) ?? .actual }
}
