import SettleContracts
import SettleRPC
import SettleTestSupport

/// A cycle's VEE run and its exceptions. The VEE service and VEE rules tests both drive a
/// cycle-5 utility through these calls and differ only in the period and the flags, so one
/// place builds the requests.
extension MeteringHost {
    /// Runs VEE for `cycle` and `period`; with `autoEstimate`, missing reads are estimated.
    func runVee(_ period: String, cycle: UInt32 = 5, autoEstimate: Bool = false) async throws -> Settle_Metering_V1_RunVeeResponse {
        var request = Settle_Metering_V1_RunVeeRequest()
        request.idempotencyKey = freshKey("vee")
        request.cycle = cycle
        request.period = period
        request.autoEstimate = autoEstimate
        return try await client.runVee(request)
    }

    /// The cycle's VEE exceptions, of `period` (every period when empty), the open ones unless
    /// `includeResolved`.
    func veeExceptions(_ period: String = "", cycle: UInt32 = 5, includeResolved: Bool = false) async throws -> [Settle_Metering_V1_VeeException] {
        var request = Settle_Metering_V1_ListVeeExceptionsRequest()
        request.cycle = cycle
        request.period = period
        request.includeResolved = includeResolved
        return try await client.listVeeExceptions(request).collect().flatMap(\.exceptions)
    }
}
