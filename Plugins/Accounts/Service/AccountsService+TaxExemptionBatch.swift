import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Exemption questions of a whole billing batch in one call and one read transaction, so
/// Rating asks once per batch instead of once per bill.
extension AccountsService {
    /// The most checks one call answers.
    static let maximumExemptionChecks = 10_000

    func checkTaxExemptions(_ request: Settle_Accounts_V1_CheckTaxExemptionsRequest, context: ServerContext) async throws -> Settle_Accounts_V1_CheckTaxExemptionsResponse {
        guard request.checks.count <= Self.maximumExemptionChecks else {
            throw AccountsError.invalidArgument("checks: \(request.checks.count) checks; at most \(Self.maximumExemptionChecks) a call")
        }
        var parsed: [(customer: Int64, taxType: String, date: LocalDate)] = []
        parsed.reserveCapacity(request.checks.count)
        for (index, check) in request.checks.enumerated() {
            do {
                parsed.append((try Identifiers.parseCustomerID(check.customerID),
                               try FieldRules.kebab(check.taxType, field: "tax_type", example: "sales-tax"),
                               try LocalDate.parse(check.date, field: "date")))
            } catch {
                throw RPCError(error.code, "checks[\(index)]: \(error.message)")
            }
        }
        let questions = parsed
        let answers = try await store.read { db in
            var cache: [String: Bool] = [:]
            return try questions.map { check -> Bool in
                let key = "\(check.customer)|\(check.taxType)|\(check.date)"
                if let known = cache[key] { return known }
                let exempt = !(try CertificateRecords.exemptions(customer: check.customer, taxType: check.taxType, on: check.date, in: db)).isEmpty
                cache[key] = exempt
                return exempt
            }
        }
        var response = Settle_Accounts_V1_CheckTaxExemptionsResponse()
        response.exempt = answers
        return response
    }
}
