/// The one rule for where a local day begins, over any source of a zone's offsets: the
/// Foundation zone a single call asks (``LocalDate/startOfDay(in:)``) or the transition table
/// bulk work reads (``ZoneCalendar/startOfDay(_:)``), so the two can never disagree.
enum LocalMidnight {
    /// The instant (UTC seconds) the day whose local midnight is `wall` (day number × 86,400)
    /// begins: that midnight, the first of two when clocks go back across it, or the jump
    /// itself when clocks skip it.
    ///
    /// - Parameters:
    ///   - offset: seconds east of UTC in force at an instant.
    ///   - transition: the first offset change after an instant, if any.
    static func instant(wall: Int64, offset: (Int64) -> Int64, transition: (Int64) -> Int64?) -> Int64 {
        // The offset in force a day either side; midnight is in one of them unless it is skipped.
        let before = wall - offset(wall - 86_400)
        let after = wall - offset(wall + 86_400)
        for candidate in before <= after ? [before, after] : [after, before] where candidate + offset(candidate) == wall {
            return candidate
        }
        // Skipped (clocks jumped past midnight): the day begins at the jump.
        return transition(min(before, after)) ?? wall - offset(wall)
    }
}
