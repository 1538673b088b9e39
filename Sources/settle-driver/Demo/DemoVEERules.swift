import SettleContracts
import SettleRPC

/// The VEE rules a person most often asks about, read back from the exceptions the run found:
/// high and low use by the reference that fired, zero use that holds bills, vacant premises,
/// repeated interval days and refused rollovers.
struct DemoVEERules: Sendable {
    let run: DemoRun

    func summarize(summary: inout DemoSummary) async throws {
        var counts: [String: Int] = [:]
        let period = run.calendar.billedPeriod
        for cycle in UInt32(1)...20 {
            var request = Settle_Metering_V1_ListVeeExceptionsRequest()
            request.cycle = cycle
            request.period = period
            let batches = try await run.metering.listVeeExceptions(request).collect()
            for exception in batches.flatMap(\.exceptions) {
                switch exception.type {
                case "high_use", "low_use": counts["\(exception.type) (basis \(exception.basis))", default: 0] += 1
                case "zero_use": counts[exception.blocking ? "zero_use holding the bill (N-th zero period in a row)" : "zero_use, informational", default: 0] += 1
                case "vacant_use", "interval_repeated_day", "negative_consumption": counts[exception.type, default: 0] += 1
                default: break
                }
            }
        }
        for (rule, count) in counts.sorted(by: { $0.key < $1.key }) { summary.veeRules.append((rule, DemoFormat.count(count))) }
    }
}
