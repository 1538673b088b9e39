import SettleContracts

/// What metering needs to know of a service (the contract's `ServiceType`).
extension ServiceType {
    /// The channel billed by difference for this service.
    var primaryChannel: MeterChannel { self == .electric ? .kwhDelivered : .gallons }

    /// The meters a service's use is measured by: wastewater is billed on the premise's
    /// water use, and solid waste is not metered at all (nil).
    var meteredBy: ServiceType? {
        switch self {
        case .electric, .water: self
        case .wastewater: .water
        case .solidWaste: nil
        }
    }
}

/// The closed vocabularies of meters, spelled as the contract spells them.
/// Register meters are read by dials; interval meters also record load profiles.
enum MeterKind: String, Sendable {
    case register
    case interval
}

/// A meter's lifecycle: inventory → pending activation (installed) → active → removed.
enum MeterStatus: String, Sendable {
    case inventory
    case pendingActivation = "pending_activation"
    case active
    case removed
}
