import SettleDomain

/// When a cycle's closing read of a period is taken, unless the schedule says otherwise.
extension YearMonth {
    /// The default scheduled read date of bill cycle `cycle` (1–20): the month's
    /// `cycle`-th weekday, so the 20 cycles spread over the month's working days.
    func defaultReadDate(cycle: Int) -> LocalDate {
        var date = firstDay
        var weekdays = 0
        while true {
            if !date.isWeekend {
                weekdays += 1
                if weekdays == max(1, cycle) { return date }
            }
            date = date.adding(days: 1)
        }
    }
}
