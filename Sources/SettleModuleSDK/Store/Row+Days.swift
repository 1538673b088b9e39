public import GRDB
import SettleDomain

extension Row {
    /// A day-number column (`LocalDate.dayNumber`: how stores keep the dates they compare and
    /// range over) as the contract's `YYYY-MM-DD`, so no store converts the number by hand.
    public func dayText(_ column: String) -> String {
        LocalDate(dayNumber: self[column]).description
    }

    /// A nullable day-number column, with NULL as the contract's "" (none yet: not closed,
    /// not released).
    public func dayTextOrEmpty(_ column: String) -> String {
        (self[column] as Int?).map { LocalDate(dayNumber: $0).description } ?? ""
    }
}
