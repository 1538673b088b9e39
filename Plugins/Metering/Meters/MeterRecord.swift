import Foundation
import GRDB
import SettleContracts
import SettleDomain

/// A meter as the store keeps it (table `meter`).
struct MeterRecord: Sendable, Equatable {
    var id: Int64
    var serial: String
    var serviceType: ServiceType
    var kind: MeterKind
    var dials: Int
    var ctRatioMicros: Int64
    var ptRatioMicros: Int64
    var registerConstantMicros: Int64
    var multiplierMicros: Int64
    var channels: ChannelSet
    var touCapable: Bool
    var form: String
    var serviceAmps: Int
    var size: String
    var intervalMinutes: Int
    var status: MeterStatus

    static let columns = """
        id, serial, service_type, kind, dials, ct_ratio_micros, pt_ratio_micros, register_constant_micros,
        multiplier_micros, channels, tou_capable, form, service_amps, size, interval_minutes, status
        """

    /// The columns `init(row:startingAt:)` reads, in its order, qualified by a table alias
    /// when the query joins (`"m"` → `m.id, m.serial, …`). Build SQL with it once, not per call.
    static func columns(qualifiedBy alias: String) -> String {
        SQLColumns.qualified(columns, by: alias)
    }

    /// Decodes by position (the order of `columns`, from `offset`): a cycle's billing reads
    /// thousands of meters, and looking columns up by name cost more than the query.
    init(row: Row, startingAt offset: Int = 0) {
        id = row[offset]
        serial = row[offset + 1]
        serviceType = ServiceType(rawValue: row[offset + 2]) ?? .electric
        kind = MeterKind(rawValue: row[offset + 3]) ?? .register
        dials = row[offset + 4]
        ctRatioMicros = row[offset + 5]
        ptRatioMicros = row[offset + 6]
        registerConstantMicros = row[offset + 7]
        multiplierMicros = row[offset + 8]
        channels = ChannelSet(bits: row[offset + 9])
        touCapable = row[offset + 10]
        form = row[offset + 11]
        serviceAmps = row[offset + 12]
        size = row[offset + 13]
        intervalMinutes = row[offset + 14]
        status = MeterStatus(rawValue: row[offset + 15]) ?? .inventory
    }

    init(
        id: Int64 = 0, serial: String, serviceType: ServiceType, kind: MeterKind, dials: Int,
        ctRatioMicros: Int64 = Micros.scale, ptRatioMicros: Int64 = Micros.scale,
        registerConstantMicros: Int64 = Micros.scale, multiplierMicros: Int64 = Micros.scale,
        channels: ChannelSet, touCapable: Bool = false, form: String = "", serviceAmps: Int = 0, size: String = "",
        intervalMinutes: Int = 0, status: MeterStatus = .inventory
    ) {
        self.id = id
        self.serial = serial
        self.serviceType = serviceType
        self.kind = kind
        self.dials = dials
        self.ctRatioMicros = ctRatioMicros
        self.ptRatioMicros = ptRatioMicros
        self.registerConstantMicros = registerConstantMicros
        self.multiplierMicros = multiplierMicros
        self.channels = channels
        self.touCapable = touCapable
        self.form = form
        self.serviceAmps = serviceAmps
        self.size = size
        self.intervalMinutes = intervalMinutes
        self.status = status
    }

    /// The contract's view, with where it is installed now.
    func proto(install: InstallRecord?) -> Settle_Metering_V1_Meter {
        var meter = Settle_Metering_V1_Meter()
        meter.serial = serial
        meter.serviceType = serviceType.rawValue
        meter.kind = kind.rawValue
        meter.dials = UInt32(dials)
        meter.ctRatio = Micros.format(ctRatioMicros)
        meter.ptRatio = Micros.format(ptRatioMicros)
        meter.registerConstant = Micros.format(registerConstantMicros)
        meter.multiplier = Micros.format(multiplierMicros)
        meter.channels = channels.map(\.proto)
        meter.touCapable = touCapable
        meter.form = form
        meter.serviceAmps = UInt32(serviceAmps)
        meter.size = size
        meter.status = status.rawValue
        meter.intervalMinutes = UInt32(intervalMinutes)
        if let install, install.removedOn == nil {
            meter.premiseID = install.premiseID
            meter.installedOn = install.installedOn.description
        }
        return meter
    }
}

/// One installation of a meter at a premise for a service (table `meter_install`).
struct InstallRecord: Sendable, Equatable {
    var id: Int64
    var meterID: Int64
    var premiseID: String
    var serviceType: ServiceType
    var installedOn: LocalDate
    var removedOn: LocalDate?

    static let columns = "id, meter_id, premise_id, service_type, installed_on, removed_on"
    static let columnCount = 6

    static func columns(qualifiedBy alias: String) -> String {
        SQLColumns.qualified(columns, by: alias)
    }

    /// Decodes by position, in the order of `columns`.
    init(row: Row) {
        id = row[0]
        meterID = row[1]
        premiseID = row[2]
        serviceType = ServiceType(rawValue: row[3]) ?? .electric
        installedOn = LocalDate(dayNumber: row[4])
        removedOn = (row[5] as Int?).map(LocalDate.init(dayNumber:))
    }

    init(id: Int64, meterID: Int64, premiseID: String, serviceType: ServiceType, installedOn: LocalDate, removedOn: LocalDate?) {
        self.id = id
        self.meterID = meterID
        self.premiseID = premiseID
        self.serviceType = serviceType
        self.installedOn = installedOn
        self.removedOn = removedOn
    }

    /// Whether the meter was in service at this premise on `date` (install and removal days included).
    func covers(_ date: LocalDate) -> Bool {
        date >= installedOn && (removedOn.map { date <= $0 } ?? true)
    }

    var proto: Settle_Metering_V1_Install {
        var install = Settle_Metering_V1_Install()
        install.premiseID = premiseID
        install.serviceType = serviceType.rawValue
        install.installedOn = installedOn.description
        install.removedOn = removedOn?.description ?? ""
        return install
    }
}

/// Column lists for queries that join tables.
enum SQLColumns {
    /// `"a, b"` qualified by `"t"` → `"t.a, t.b"`.
    static func qualified(_ columns: String, by alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: ", ")
    }
}
