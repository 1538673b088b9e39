/// The programs an enrolment can be in, by their contract names.
import SettleDomain

enum ProgramKind: String, CaseIterable, Sendable {
    /// Several agreements of one account and service billed as one set of determinants.
    case totalized
    /// Wastewater billed on the lesser of water use and the winter average × days.
    case wastewaterAverage = "wastewater_average"
    /// Time of use: the agreement bills on a TOU rate schedule from its next billing period.
    case tou
    /// Solar: a meter with a kWh received channel billed under a metering option (NREL SAM's
    /// `ur_metering_option`), with its kWh bank or dollars carried kept here.
    case solar

    /// The kind named by `text`, or INVALID_ARGUMENT listing the kinds.
    static func parse(_ text: String, field: String = "kind") throws -> ProgramKind {
        guard let kind = ProgramKind(rawValue: text) else {
            throw ProgramsError.invalid(field, text.isEmpty ? "a program kind is required (\(allNames))" : "'\(text)' is not a program (\(allNames))")
        }
        return kind
    }

    static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// How a totalized group's demand is figured.
enum DemandMethod: String, CaseIterable, Sendable {
    /// Sum the meters' demand per interval, then take the maximum (needs interval data).
    case coincident
    /// The sum of each meter's own maximum.
    case nonCoincident = "non_coincident"

    static func parse(_ text: String, field: String = "demand_method") throws -> DemandMethod {
        guard let method = DemandMethod(rawValue: text) else {
            throw ProgramsError.invalid(field, text.isEmpty ? "a totalized group needs a demand method (coincident, non_coincident)"
                                            : "'\(text)' is not a demand method (coincident, non_coincident)")
        }
        return method
    }
}
