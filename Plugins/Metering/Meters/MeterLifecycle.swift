import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// The state changes of a meter's life, each inside the caller's transaction.
///
/// inventory → (install) → pending_activation → (activate) → active → (remove) → removed.
/// A removed meter can be installed again (refurbished). Install and removal reads are
/// register reads of kind INSTALL / REMOVAL at the start of the local day.
enum MeterLifecycle {
    static func install(meter: MeterRecord, premiseID: String, date: LocalDate, reads: [Settle_Metering_V1_ChannelRead], in db: Database, calendar: ZoneCalendar) throws {
        guard meter.status == .inventory || meter.status == .removed else {
            throw MeteringError.failedPrecondition("meter \(meter.serial) is \(meter.status.rawValue); only a meter in inventory (or removed) can be installed")
        }
        let values = try MeterInput.channelReads(reads, meter: meter, field: "reads")
        if let last = try MeterRepository.installs(meterID: meter.id, in: db).last, let removed = last.removedOn, date <= removed {
            throw MeteringError.failedPrecondition("meter \(meter.serial) was removed on \(removed); it cannot be installed again on or before that date")
        }
        _ = try MeterRepository.insertInstall(meterID: meter.id, premiseID: premiseID, serviceType: meter.serviceType, on: date, in: db)
        let instant = calendar.startOfDay(date)
        for (channel, value) in values.sorted(by: { $0.key < $1.key }) {
            try MeterRepository.insertRead(RegisterReadRecord(meterID: meter.id, channel: channel, readAt: instant, value: value, kind: .install), in: db)
        }
        try MeterRepository.setStatus(.pendingActivation, meterID: meter.id, in: db)
        try ReadRequestStore.attach(meterID: meter.id, premiseID: premiseID, serviceType: meter.serviceType, installedOn: date, in: db)
    }

    static func remove(meter: MeterRecord, date: LocalDate, reads: [Settle_Metering_V1_ChannelRead], in db: Database, calendar: ZoneCalendar) throws {
        guard let install = try MeterRepository.currentInstall(meterID: meter.id, in: db) else {
            throw MeteringError.failedPrecondition("meter \(meter.serial) is not installed, so it cannot be removed")
        }
        guard date > install.installedOn else {
            throw MeteringError.invalid("date", "meter \(meter.serial) was installed on \(install.installedOn); it can be removed from the next day on")
        }
        let values = try MeterInput.channelReads(reads, meter: meter, field: "reads")
        let missing = meter.channels.filter { $0.isCumulative && values[$0] == nil }
        guard missing.isEmpty else {
            throw MeteringError.invalid("reads", "a removal read is required for " + missing.map(\.name).joined(separator: ", "))
        }
        let instant = calendar.startOfDay(date)
        for (channel, value) in values.sorted(by: { $0.key < $1.key }) {
            try MeterRepository.insertRead(RegisterReadRecord(meterID: meter.id, channel: channel, readAt: instant, value: value, kind: .removal), in: db)
        }
        try MeterRepository.closeInstall(id: install.id, on: date, in: db)
        try MeterRepository.setStatus(.removed, meterID: meter.id, in: db)
        try ReadRequestStore.fulfil(meterID: meter.id, throughDay: date, in: db)
    }

    /// The configuration problems of a meter as installed now.
    static func problems(of meter: MeterRecord, requirement: RateRequirement?, in db: Database, calendar: ZoneCalendar) throws -> [ConfigurationValidator.Problem] {
        let install = try MeterRepository.currentInstall(meterID: meter.id, in: db)
        var installReads = Set<MeterChannel>()
        if let install {
            installReads = try MeterRepository.installReadChannels(meterID: meter.id, at: calendar.startOfDay(install.installedOn), in: db)
        }
        return ConfigurationValidator.validate(meter: meter, install: install, installReads: installReads, requirement: requirement)
    }
}
