import Foundation
import SettleContracts
import SettleTestSupport
import XCTest

/// A customer with service at a premise, made through the real Accounts module.
struct ServedCustomer {
    var customerID: String
    var premiseID: String
    var account: String
    var agreementID: UInt64
}

extension CollectionsHost {
    /// Creates a customer and a premise in `zone` and moves them in on `date`.
    func servedCustomer(_ name: String = "Ada Osei", zone: String = "north", date: String = "2025-01-01") async throws -> ServedCustomer {
        let setup = UtilitySetup(accounts: accounts, metering: MeteringV1.Client(transport: base.transport()))
        let customerID = try await setup.customer(name)
        let premiseID = try await setup.premise(zone: zone)
        let moved = try await setup.moveIn(customerID, at: premiseID, on: date, cycle: 7)
        return ServedCustomer(customerID: customerID, premiseID: premiseID, account: moved.account, agreementID: moved.agreement)
    }

    func importWeather(_ csv: String) async throws -> Settle_Collections_V1_ImportWeatherResponse {
        var request = Settle_Collections_V1_ImportWeatherRequest()
        request.idempotencyKey = freshKey("weather")
        request.csv = csv
        return try await client.importWeather(request)
    }

    func runNotices(_ asOf: String) async throws -> Settle_Collections_V1_RunNoticesResponse {
        var request = Settle_Collections_V1_RunNoticesRequest()
        request.idempotencyKey = freshKey("notices")
        request.asOf = asOf
        return try await client.runNotices(request)
    }

    func evaluate(_ asOf: String, account: String = "") async throws -> Settle_Collections_V1_EvaluateEligibilityResponse {
        var request = Settle_Collections_V1_EvaluateEligibilityRequest()
        request.idempotencyKey = freshKey("eligibility")
        request.asOf = asOf
        request.accountNumber = account
        return try await client.evaluateEligibility(request)
    }
}

/// Weather rows for `zone` on every day of February and March 2025 with a mild low.
func mildWeather(zone: String = "north", low: Int = 45) -> String {
    var rows = ["date,zone,forecast_low_f,heat_advisory"]
    for month in [2, 3] {
        for day in 1...(month == 2 ? 28 : 31) {
            rows.append("2025-0\(month)-\(day < 10 ? "0" : "")\(day),\(zone),\(low),no")
        }
    }
    return rows.joined(separator: "\n")
}
