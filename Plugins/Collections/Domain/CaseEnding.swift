import SettleDomain

/// The one rule a dispute's close and a hold's release both follow: a case ends once, and
/// never before the day it began. Written once so both answer in the same words, naming the
/// day given and the day it began.
struct CaseEnding {
    /// What ends, as the message names it: `dispute 7`, `hold 3`.
    var name: String
    /// The past tense of ending it: `closed`, `released`.
    var ended: String
    /// The request field that carries the day: `closed_date`.
    var field: String
    /// How the message says it began: `the dispute was opened`, `the hold started`.
    var began: String

    /// Refuses a second ending (`endedOn` is the stored day, empty while open) and a day
    /// before `beganOn`.
    func check(day: Int, endedOn: String, beganOn: String) throws {
        guard endedOn.isEmpty else { throw CollectionsError.failedPrecondition("\(name) was already \(ended) on \(endedOn)") }
        if let start = LocalDate(plausible: beganOn), day < start.dayNumber {
            throw CollectionsError.invalid(field, "\(LocalDate(dayNumber: day)) is before \(began) (\(beganOn))")
        }
    }
}
