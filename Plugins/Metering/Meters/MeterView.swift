import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK

/// Builds the MeterResponse a specialist sees: the meter, its installs, recent reads, open requests.
enum MeterView {
    static func response(meter: MeterRecord, in db: Database, calendar: ZoneCalendar) throws -> Settle_Metering_V1_MeterResponse {
        let installs = try MeterRepository.installs(meterID: meter.id, in: db)
        var response = Settle_Metering_V1_MeterResponse()
        response.meter = meter.proto(install: installs.last)
        response.installs = installs.map(\.proto)
        response.recentReads = try MeterRepository.recentReads(meterID: meter.id, in: db)
            .map { $0.proto(serial: meter.serial, calendar: calendar) }
        response.readRequests = try ReadRequestStore.open(meterID: meter.id, serial: meter.serial, in: db)
        return response
    }
}
