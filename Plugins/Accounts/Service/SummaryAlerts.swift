import SettleContracts
import SettleDomain

/// The lines at the top of an account summary: what a specialist must notice before acting
/// (a protection against disconnection, a bill still owed, missing contact details).
enum SummaryAlerts {
    /// How far ahead an expiring certificate is worth a warning.
    static let expiryWarningDays = 30

    static func alerts(for summary: Settle_Accounts_V1_GetAccountSummaryResponse, agreements: [AgreementMessage], asOf: LocalDate) -> [String] {
        var alerts: [String] = []
        let account = summary.account
        switch account.status {
        case AccountStatus.final.rawValue:
            alerts.append("Account is final since \(account.finalDate): no service; settle the final bill and balance, then close it.")
        case AccountStatus.closed.rawValue:
            alerts.append("Account closed on \(account.closedDate).")
        default:
            if account.activeAgreements == 0 { alerts.append("Active account with no active service agreement.") }
        }
        for agreement in agreements where agreement.status == AgreementStatus.pendingFinal.rawValue {
            alerts.append("Final bill due: \(agreement.serviceType) at \(agreement.premiseID), service ended \(agreement.endDate) (agreement \(agreement.id)).")
        }
        for certification in summary.criticalCareInForce {
            alerts.append("Critical care certified through \(certification.expiryDate) by \(certification.certifiedBy): do not disconnect."
                + expiringSuffix(certification.expiryDate, asOf: asOf))
        }
        if summary.criticalCareInForce.isEmpty, let lapsed = summary.customer.criticalCare.last(where: { $0.expiryDate < asOf.description }),
           let expiry = LocalDate(plausible: lapsed.expiryDate), expiry.days(until: asOf) <= 90 {
            alerts.append("Critical-care certification lapsed on \(lapsed.expiryDate); not protected unless renewed.")
        }
        for bankruptcy in summary.openBankruptcyCases {
            alerts.append("Open chapter \(bankruptcy.chapter) bankruptcy, case \(bankruptcy.caseNumber), petition \(bankruptcy.petitionDate): pre-petition debt is stayed.")
        }
        for exemption in summary.exemptionsInForce where !exemption.expiryDate.isEmpty {
            let suffix = expiringSuffix(exemption.expiryDate, asOf: asOf)
            if !suffix.isEmpty {
                alerts.append("\(exemption.taxType) exemption (certificate \(exemption.certificateNumber)) ends \(exemption.expiryDate).\(suffix)")
            }
        }
        let contact = summary.customer.contact
        if contact.phone.isEmpty && contact.email.isEmpty {
            alerts.append("No phone or email on file for \(summary.customer.name).")
        }
        return alerts
    }

    /// " Expires in N days." when `expiry` is within the warning window, else "".
    private static func expiringSuffix(_ expiry: String, asOf: LocalDate) -> String {
        guard let date = LocalDate(plausible: expiry) else { return "" }
        let days = asOf.days(until: date)
        guard days <= expiryWarningDays else { return "" }
        return days == 0 ? " Expires today." : " Expires in \(days) day\(days == 1 ? "" : "s")."
    }
}
