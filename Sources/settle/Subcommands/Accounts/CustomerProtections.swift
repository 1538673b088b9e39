import ArgumentParser
import SettleContracts

/// The customer's protections after a change: one table per kind.
enum CustomerProtectionsFormat {
    static func show(_ response: Settle_Accounts_V1_CustomerResponse, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try Output.message(response) }
        let customer = response.customer
        print("customer \(customer.id) \(customer.name)  [idempotency key \(key)]")
        Output.table(["CRITICAL CARE", "CERTIFIED BY", "FROM", "TO", "ENDED"], customer.criticalCare.map {
            ["\($0.id)", $0.certifiedBy, $0.effectiveDate, Cell.dash($0.expiryDate), Cell.dash($0.endedReason)]
        })
        Output.table(["TAX EXEMPTION", "TAX", "CERTIFICATE", "FROM", "TO", "ENDED"], customer.taxExemptions.map {
            ["\($0.id)", $0.taxType, $0.certificateNumber, $0.effectiveDate, Cell.dash($0.expiryDate), Cell.dash($0.endedReason)]
        })
        Output.table(["BANKRUPTCY", "CASE", "CHAPTER", "PETITION", "STATUS", "RESOLVED"], customer.bankruptcyCases.map {
            ["\($0.id)", $0.caseNumber, "\($0.chapter)", $0.petitionDate, $0.status, Cell.dash($0.resolvedDate)]
        })
    }
}
