import ArgumentParser
import SettleContracts

/// One agreement as a table row.
enum AgreementFormat {
    static let header = ["AGREEMENT", "ACCOUNT", "PREMISE", "SERVICE", "RATE", "CLASS", "CYCLE", "PERIOD", "STATUS", "FINAL BILLED"]

    static func row(_ agreement: Settle_Accounts_V1_ServiceAgreement) -> [String] {
        ["\(agreement.id)", agreement.accountNumber, agreement.premiseID, agreement.serviceType, agreement.rateSchedule, agreement.rateClass,
         "\(agreement.billCycle)", Cell.period(agreement.startDate, agreement.endDate), agreement.status, Cell.dash(agreement.finalBilledDate)]
    }

    static func show(_ response: Settle_Accounts_V1_ServiceAgreementResponse, heading: String?, connection: ConnectionOptions) throws {
        if connection.json { return try Output.message(response) }
        if let heading { print(heading) }
        Output.table(header, [row(response.agreement)])
    }
}
