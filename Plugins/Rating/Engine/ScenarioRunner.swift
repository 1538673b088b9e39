import SettleContracts
import SettleDomain
import SettleRPC

/// Runs a version's test scenarios: each rates its determinants under the version alone
/// and compares the total and any expected lines.
enum ScenarioRunner {
    static func run(_ version: Settle_Rating_V1_TariffVersion) throws(RPCError) -> Settle_Rating_V1_TestTariffVersionResponse {
        let terms = try TariffTerms(version)
        let rater = BillRater(code: version.code, versions: [terms], wholePeriod: true)
        var response = Settle_Rating_V1_TestTariffVersionResponse()
        for (index, scenario) in version.scenarios.enumerated() {
            var result = Settle_Rating_V1_ScenarioResult()
            result.name = scenario.name.isEmpty ? "scenario \(index + 1)" : scenario.name
            result.expectedTotalCents = scenario.expectedTotalCents
            do {
                let bill = try rater.rate(try RatingInput(scenario.input))
                result.bill = bill
                result.actualTotalCents = bill.totalCents
                if bill.totalCents != scenario.expectedTotalCents {
                    result.failures.append("total \(Dollars.plain(bill.totalCents)), expected \(Dollars.plain(scenario.expectedTotalCents))")
                }
                for expected in scenario.expectedLines {
                    let matching = bill.lines.filter { $0.description_p == expected.description_p }
                    if matching.isEmpty {
                        result.failures.append("no line '\(expected.description_p)'")
                    } else if matching.reduce(0, { $0 + $1.amountCents }) != expected.amountCents {
                        result.failures.append("line '\(expected.description_p)' \(Dollars.plain(matching.reduce(0) { $0 + $1.amountCents })), expected \(Dollars.plain(expected.amountCents))")
                    }
                }
            } catch {
                result.failures.append("cannot be rated: \(error.message)")
            }
            result.passed = result.failures.isEmpty
            response.results.append(result)
        }
        response.allPassed = !response.results.isEmpty && response.results.allSatisfy(\.passed)
        return response
    }
}
