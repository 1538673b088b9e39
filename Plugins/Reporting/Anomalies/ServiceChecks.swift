import SettleContracts

/// The rules that set Accounts' active agreements beside Metering's installed meters: an
/// agreement with no meter or no recent read, a meter read where nobody is billed.
struct ServiceChecks: Sendable {
    struct Agreement: Sendable {
        let id: UInt64
        let accountNumber: String
        let premiseID: String
        let serviceType: String
    }

    /// Active agreements by premise and service.
    private(set) var agreements: [String: [Agreement]] = [:]
    /// What the rules need of an installed meter.
    struct Meter: Sendable {
        let serial: String
        let premiseID: String
        let serviceType: String
        let lastReadDate: String
        let installedOn: String
    }

    /// Installed meters by premise and service.
    private(set) var meters: [String: [Meter]] = [:]

    static func key(_ premise: String, _ service: String) -> String { premise + "\u{1F}" + service }

    /// Only electric and water agreements need their own meter (wastewater is billed on the
    /// water meter's use; solid waste is unmetered).
    static let metered: Set<String> = ["electric", "water"]

    mutating func add(_ agreement: Settle_Accounts_V1_ServiceAgreement) {
        agreements[Self.key(agreement.premiseID, agreement.serviceType), default: []].append(
            Agreement(id: agreement.id, accountNumber: agreement.accountNumber, premiseID: agreement.premiseID, serviceType: agreement.serviceType))
    }

    mutating func add(_ meter: Settle_Metering_V1_Meter) {
        guard !meter.premiseID.isEmpty else { return }
        meters[Self.key(meter.premiseID, meter.serviceType), default: []].append(
            Meter(serial: meter.serial, premiseID: meter.premiseID, serviceType: meter.serviceType, lastReadDate: meter.lastReadDate, installedOn: meter.installedOn))
    }

    /// Takes the meters another reader gathered (agreements and meters are read at once).
    mutating func merge(meters other: ServiceChecks) {
        meters.merge(other.meters) { $0 + $1 }
    }

    /// `asOf` and the first day of the read window, both "YYYY-MM-DD" (they compare as text).
    func findings(asOf: String, windowStart: String) -> [Settle_Reporting_V1_Anomaly] {
        var found: [Settle_Reporting_V1_Anomaly] = []
        for key in agreements.keys.sorted() {
            for agreement in agreements[key]! where Self.metered.contains(agreement.serviceType) {
                let entities = ["account \(agreement.accountNumber)", "agreement \(agreement.id)", "premise \(agreement.premiseID)"]
                guard let installed = meters[key], !installed.isEmpty else {
                    found.append(AnomalyRule.agreementWithoutMeter.finding(
                        entities: entities, account: agreement.accountNumber, agreement: agreement.id,
                        detail: "\(agreement.serviceType) agreement \(agreement.id) at premise \(agreement.premiseID) has no \(agreement.serviceType) meter installed"))
                    continue
                }
                let latest = installed.map(\.lastReadDate).max() ?? ""
                if latest < windowStart {
                    found.append(AnomalyRule.agreementWithoutReads.finding(
                        entities: entities + installed.map { "meter \($0.serial)" }, account: agreement.accountNumber, agreement: agreement.id,
                        detail: latest.isEmpty ? "meter \(installed.map(\.serial).joined(separator: ", ")) has never been read"
                            : "the last read of meter \(installed.map(\.serial).joined(separator: ", ")) was on \(latest), more than \(AnomalyRule.unreadDays) days before \(asOf)"))
                }
            }
        }
        for key in meters.keys.sorted() where agreements[key]?.isEmpty ?? true {
            for meter in meters[key]! where meter.lastReadDate >= windowStart && meter.lastReadDate > meter.installedOn {
                found.append(AnomalyRule.meterWithoutAgreement.finding(
                    entities: ["meter \(meter.serial)", "premise \(meter.premiseID)"],
                    detail: "\(meter.serviceType) meter \(meter.serial) at premise \(meter.premiseID) was read on \(meter.lastReadDate) but no \(meter.serviceType) agreement is active there"))
            }
        }
        return found
    }
}
