@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleRPC
import SettleTestSupport
import XCTest

/// Consumption and determinants over the contract: exchanges mid-period, a ×80 CT meter,
/// TOU periods from interval data (across DST), received energy and demand.
final class ConsumptionServiceTests: XCTestCase {
    func testExchangeMidPeriodWithACTMeter() async throws {
        try await withMeteringHost { host in
            host.book.add(account: "200001", premise: "P1", rateSchedule: "GS-2", rateClass: "large_commercial", start: "2024-01-01")
            try await host.ready("CT1", premise: "P1", installed: "2024-01-02", dials: 5, ct: "80", form: "9S", amps: 400, installRead: 99_950)
            try await host.addMeter("CT2", dials: 5, ct: "80", form: "9S", amps: 400)
            _ = try await host.importFile("meter,read_at,value\nCT1,2024-03-01,99980\n", format: .registerCsv)
            _ = try await host.client.exchangeMeter(meterExchange("CT1", to: "CT2", on: "2024-03-15", removalRead: 40, installRead: 0))
            _ = try await host.importFile("meter,read_at,value\nCT2,2024-04-01,25\n", format: .registerCsv)

            let result = try await host.consumption(premise: "P1", from: "2024-03-01", to: "2024-04-01")
            XCTAssertEqual(result.problem, "")
            XCTAssertEqual(result.segments.map(\.meterSerial), ["CT1", "CT2"])
            // CT1: 99,980 → 00,040 rolls over: 60 units × 80 = 4,800 kWh; CT2: 25 × 80 = 2,000 kWh.
            XCTAssertEqual(result.segments.map(\.consumption), [4_800_000, 2_000_000])
            XCTAssertEqual(result.segments.map(\.rolledOver), [true, false])
            XCTAssertEqual(result.segments.map(\.multiplier), ["80", "80"])
            XCTAssertEqual(result.deliveredWh, 6_800_000)
            XCTAssertEqual(result.days, 31)

            // Items mode gives the same, streamed.
            var request = Settle_Metering_V1_GetBillingDeterminantsRequest()
            var item = Settle_Metering_V1_DeterminantsItem()
            item.agreementID = 1
            item.premiseID = "P1"
            item.serviceType = "electric"
            item.fromDate = "2024-03-01"
            item.toDate = "2024-04-01"
            request.items = [item]
            let batches = try await host.client.getBillingDeterminants(request).collect()
            XCTAssertEqual(batches.first?.determinants.first?.deliveredWh, 6_800_000)

            // A date without reads says so.
            let missing = try await host.consumption(premise: "P1", from: "2024-03-01", to: "2024-03-20")
            XCTAssertTrue(missing.problem.contains("no kwh_delivered read of meter CT2 at 2024-03-20"), missing.problem)
        }
    }

    func testTOUFromIntervalsAcrossSpringForward() async throws {
        try await withMeteringHost { host in
            try await host.ready("I1", premise: "P7", installed: "2024-03-01", kind: "interval", channels: [.kwhDelivered, .kwhReceived])
            let calendar = host.calendar
            // 2024-03-09 … 2024-03-11 (spring-forward on the 10th: 92 intervals), 100 Wh each,
            // plus 25 Wh received per interval.
            let response = try await host.client.importReads { writer in
                var message = Settle_Metering_V1_ImportReadsRequest()
                message.idempotencyKey = "tou"
                for channel in [Settle_Metering_V1_Channel.kwhDelivered, .kwhReceived] {
                    var block = Settle_Metering_V1_IntervalBlock()
                    block.meterSerial = "I1"
                    block.channel = channel
                    block.startUtc = calendar.startOfDay(LocalDate("2024-03-09")!)
                    block.intervalMinutes = 15
                    block.values = Array(repeating: channel == .kwhDelivered ? 100 : 25, count: 96 + 92 + 96)
                    // A 300 Wh spike at 11:00 on Monday the 11th (off-peak), for demand by period.
                    if channel == .kwhDelivered { block.values[96 + 92 + 11 * 4] = 300 }
                    message.intervalBlocks.append(block)
                }
                try await writer.write(message)
            }
            XCTAssertTrue(response.committed, "\(response.rejected)")
            XCTAssertEqual(response.intervalValuesImported, 2 * 284)
            _ = try await host.importFile("meter,channel,read_at,value\nI1,kwh_delivered,2024-03-09,100\nI1,kwh_delivered,2024-03-12,128\nI1,kwh_received,2024-03-09,0\nI1,kwh_received,2024-03-12,7\n", format: .registerCsv)

            // Peak 14:00–19:00 on weekdays (period 1), everything else off-peak (period 0).
            var tou = Settle_Metering_V1_TouSchedule()
            tou.weekday = (0..<288).map { (14..<19).contains($0 % 24) ? 1 : 0 }
            tou.weekend = Array(repeating: 0, count: 288)
            let result = try await host.consumption(premise: "P7", from: "2024-03-09", to: "2024-03-12", tou: tou)
            XCTAssertEqual(result.problem, "")
            XCTAssertTrue(result.usesIntervals)
            XCTAssertEqual(result.deliveredWh, 28_000, "the register: 28 kWh")
            // Sat 9th and Sun 10th are all off-peak; Mon 11th has 5 peak hours = 20 intervals.
            XCTAssertEqual(result.touWh, [(284 - 20) * 100 + 200, 20 * 100])
            XCTAssertEqual(result.maxDemandW, 1_200, "300 Wh in 15 minutes is 1,200 W")
            XCTAssertEqual(result.receivedWh, 7_000)
            // Received per TOU period: 25 Wh per interval, split like the delivered.
            XCTAssertEqual(result.touReceivedWh, [(284 - 20) * 25, 20 * 25])

            // A demand schedule of its own: max demand per its periods. Here 11:00–12:59
            // every day is period 1: the spike (1,200 W) is in it; elsewhere 400 W.
            var demandTou = Settle_Metering_V1_TouSchedule()
            demandTou.weekday = (0..<288).map { (11..<13).contains($0 % 24) ? 1 : 0 }
            let byDemandPeriod = try await host.consumption(premise: "P7", from: "2024-03-09", to: "2024-03-12", tou: tou, demandTou: demandTou)
            XCTAssertEqual(byDemandPeriod.touMaxDemandW, [400, 1_200])
            XCTAssertEqual(byDemandPeriod.maxDemandW, 1_200)

            var bad = tou
            bad.weekday = [1, 2, 3]
            await assertRPCError(.invalidArgument) { try await host.consumption(premise: "P7", from: "2024-03-09", to: "2024-03-12", tou: bad) }
        }
    }
}
