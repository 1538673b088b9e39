import SettleDomain
import SettleModuleSDK

/// When each bill cycle is read in each period: set explicitly per (cycle, period), else
/// the cycle's n-th weekday of the month (``YearMonth/defaultReadDate(cycle:)``).
struct ReadSchedule: Sendable {
    let cycle: Int
    private let overrides: [YearMonth: LocalDate]

    init(cycle: Int, overrides: [YearMonth: LocalDate] = [:]) {
        self.cycle = cycle
        self.overrides = overrides
    }

    func readDate(_ period: YearMonth) -> LocalDate {
        overrides[period] ?? period.defaultReadDate(cycle: cycle)
    }

    /// Whether the period's date was set (`SetReadSchedule`) rather than the default.
    func isSet(_ period: YearMonth) -> Bool { overrides[period] != nil }
}
