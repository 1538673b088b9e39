import SettleDomain

/// A month as the usage charts label their bars.
extension YearMonth {
    /// "Jan" … "Dec".
    var shortName: String { ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1] }
}
