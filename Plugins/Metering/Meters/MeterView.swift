import GRDB
import SettleContracts
import SettleModuleSDK

/// Builds the MeterResponse a specialist sees: the meter, its installs, recent reads, open requests.
enum MeterView {
    static func response(meter: MeterRecord, in db: Database, calendar: ZoneCalendar) throws -> Settle_Metering_V1_MeterResponse {
        let installs = try MeterRepository.installs(meterID: meter.id, in: db)
        var response = Settle_Metering_V1_MeterResponse()
        response.meter = meter.proto(install: installs.last)
        response.installs = installs.map(\.proto)
        response.recentReads = try Row.fetchAllCached(
            db, sql: "SELECT \(RegisterReadRecord.columns) FROM register_read WHERE meter_id = ? ORDER BY read_at DESC, channel LIMIT 12", arguments: [meter.id]
        ).map { RegisterReadRecord(row: $0).proto(serial: meter.serial, calendar: calendar) }
        response.readRequests = try ReadRequests.open(meterID: meter.id, serial: meter.serial, in: db)
        return response
    }
}
