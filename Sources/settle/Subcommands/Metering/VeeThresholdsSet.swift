import ArgumentParser
import SettleClient
import SettleContracts

struct VeeThresholdsSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set thresholds of a rate class; fields not given keep their value. Audited; a supervisor's call.")

    @Option(name: [.customLong("class")], help: "Rate class (\"\" or omitted: the default row).") var rateClass = ""
    @Option(name: .long, help: "High use above this % of a reference (> 100).") var highUsePercent: UInt32?
    @Option(name: .long, help: "Low use below this % of a reference (< 100).") var lowUsePercent: UInt32?
    @Option(name: .long, help: "Smallest reference judged against, Wh.") var minHistoryWh: Int64?
    @Option(name: .long, help: "Shortest normal period, days.") var minPeriodDays: UInt32?
    @Option(name: .long, help: "Longest normal period, days.") var maxPeriodDays: UInt32?
    @Option(name: .long, help: "Read window around the scheduled date, days (≤ 15).") var readWindowDays: UInt32?
    @Option(name: .long, help: "Highest plausible load factor, %.") var maxLoadFactorPercent: UInt32?
    @Option(name: .long, help: "Interval total vs register tolerance, ‰.") var intervalRegisterTolerancePermille: UInt32?
    @Option(name: .long, help: "Spike: above this × the day's median …") var spikeFactor: UInt32?
    @Option(name: .long, help: "… and above this, Wh.") var spikeMinWh: Int64?
    @Option(name: .long, help: "Use allowed on a vacant premise, Wh.") var vacantUseWh: Int64?
    @Option(name: .long, help: "Interval gaps up to this are interpolated (minutes, ≤ 1,440).") var shortGapMinutes: UInt32?
    @Option(name: .long, help: "Older form of --short-gap-minutes, in 15-minute intervals.") var shortGapIntervals: UInt32?
    @Option(name: .long, help: "A register wrap is plausible up to this % of expected use.") var rolloverMaxPercent: UInt32?
    @Option(name: .long, help: "Zero use blocks from this many consecutive zero periods (≤ 24).") var zeroUsePeriods: UInt32?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        let given: [Any?] = [highUsePercent, lowUsePercent, minHistoryWh, minPeriodDays, maxPeriodDays, readWindowDays, maxLoadFactorPercent,
                             intervalRegisterTolerancePermille, spikeFactor, spikeMinWh, vacantUseWh, shortGapMinutes, shortGapIntervals,
                             rolloverMaxPercent, zeroUsePeriods]
        guard given.contains(where: { $0 != nil }) else { throw ValidationError("give at least one threshold to set (see settle vee thresholds set --help)") }
        for (name, value) in [("min-history-wh", minHistoryWh), ("spike-min-wh", spikeMinWh), ("vacant-use-wh", vacantUseWh)] where (value ?? 1) <= 0 {
            throw ValidationError("--\(name) must be positive (0 would mean \"keep\")")
        }
    }

    func run() async throws {
        var request = Settle_Metering_V1_SetVeeThresholdsRequest()
        request.idempotencyKey = mutation.resolvedKey()
        var thresholds = Settle_Metering_V1_VeeThresholds()
        thresholds.rateClass = rateClass
        thresholds.highUsePercent = highUsePercent ?? 0
        thresholds.lowUsePercent = lowUsePercent ?? 0
        thresholds.minHistoryWh = minHistoryWh ?? 0
        thresholds.minPeriodDays = minPeriodDays ?? 0
        thresholds.maxPeriodDays = maxPeriodDays ?? 0
        thresholds.readWindowDays = readWindowDays ?? 0
        thresholds.maxLoadFactorPercent = maxLoadFactorPercent ?? 0
        thresholds.intervalRegisterTolerancePermille = intervalRegisterTolerancePermille ?? 0
        thresholds.spikeFactor = spikeFactor ?? 0
        thresholds.spikeMinWh = spikeMinWh ?? 0
        thresholds.vacantUseWh = vacantUseWh ?? 0
        thresholds.shortGapMinutes = shortGapMinutes ?? 0
        thresholds.shortGapIntervals = shortGapIntervals ?? 0
        thresholds.rolloverMaxPercent = rolloverMaxPercent ?? 0
        thresholds.zeroUsePeriods = zeroUsePeriods ?? 0
        request.thresholds = thresholds
        let saved = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).setVeeThresholds(request, options: $1) }
        if connection.json { return try Output.message(saved) }
        VeeThresholdsCommand.printTable(saved)
    }
}
