import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Reading a cycle's schedule back: what `settle vee schedule show` prints.
extension MeteringService {
    func getReadSchedule(_ request: Settle_Metering_V1_GetReadScheduleRequest, context: ServerContext) async throws -> Settle_Metering_V1_GetReadScheduleResponse {
        let cycle = try MeteringError.cycle(request.cycle)
        let first: YearMonth
        if request.fromPeriod.isEmpty {
            first = YearMonth(calendar.localDate(of: Int64(Date().timeIntervalSince1970)))
        } else {
            first = try MeteringError.period(request.fromPeriod, field: "from_period")
        }
        let months = request.months == 0 ? 12 : Int(request.months)
        guard months <= 36 else { throw MeteringError.invalid("months", "\(months) is more than 36 months") }
        let schedule = try await store.read { db in try ReadScheduleStore.load(cycle: cycle, in: db) }
        var response = Settle_Metering_V1_GetReadScheduleResponse()
        response.entries = (0..<months).map { offset in
            let period = first.adding(months: offset)
            var entry = Settle_Metering_V1_ReadScheduleEntry()
            entry.cycle = UInt32(cycle)
            entry.period = period.description
            entry.readDate = schedule.readDate(period).description
            entry.set = schedule.isSet(period)
            return entry
        }
        return response
    }
}
