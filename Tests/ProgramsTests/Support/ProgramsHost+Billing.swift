import SettleClient
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf

/// The steps every program test takes around what it is about: read dates for a cycle,
/// tariffs put in force by two people, and a billing run, in process or over the socket.
extension ProgramsHost {
    /// Tariffs created, saved and validated by `maker` and activated by `checker`.
    var tariffs: TariffSetup {
        TariffSetup(maker: RatingV1.Client(transport: maker), checker: RatingV1.Client(transport: checker))
    }

    /// Sets `cycle`'s read date for each period, in order.
    func setReadSchedules(cycle: UInt32, _ schedule: [(period: String, date: String)]) async throws {
        for (period, date) in schedule {
            _ = try await metering.setReadSchedule(.with { $0.idempotencyKey = freshKey("schedule"); $0.cycle = cycle; $0.period = period; $0.readDate = date })
        }
    }

    /// Runs `cycle`'s billing for `period` through the in-process Rating client; answers the
    /// run's last progress message. A `billDate` or `batchSize` left empty is not sent.
    @discardableResult
    func runBilling(cycle: UInt32 = ProgramsUtility.cycle, period: String, billDate: String = "", batchSize: UInt32 = 0) async throws -> Settle_Rating_V1_BillingProgress {
        try await Self.runBilling(on: rating, billingRun(cycle: cycle, period: period, billDate: billDate, batchSize: batchSize))
    }

    /// The same run over the real Unix socket, as `settle` sends it, on a connection of its own.
    @discardableResult
    func runBillingOverSocket(cycle: UInt32 = ProgramsUtility.cycle, period: String, billDate: String = "", batchSize: UInt32 = 0) async throws -> Settle_Rating_V1_BillingProgress {
        try await runBillingOverSocket(billingRun(cycle: cycle, period: period, billDate: billDate, batchSize: batchSize))
    }

    /// Sends `run` over the real Unix socket on a connection of its own; answers the run's last
    /// progress message.
    func runBillingOverSocket(_ run: Settle_Rating_V1_RunBillingRequest) async throws -> Settle_Rating_V1_BillingProgress {
        let client = try await SettleClient.connect(socket: runtime.configuration.socketPath)
        let last = try await Self.runBilling(on: client.client(RatingV1.Client.self), run)
        await client.close()
        return last
    }

    /// A billing-run request with a fresh key, for a test that sends the same run again.
    func billingRun(cycle: UInt32 = ProgramsUtility.cycle, period: String, billDate: String = "", batchSize: UInt32 = 0) -> Settle_Rating_V1_RunBillingRequest {
        .with { $0.idempotencyKey = freshKey("run"); $0.cycle = cycle; $0.period = period; $0.billDate = billDate; $0.batchSize = batchSize }
    }

    private static func runBilling(on rating: RatingV1.Client, _ run: Settle_Rating_V1_RunBillingRequest) async throws -> Settle_Rating_V1_BillingProgress {
        var last = Settle_Rating_V1_BillingProgress()
        for try await progress in try await rating.runBilling(run) { last = progress }
        return last
    }
}
