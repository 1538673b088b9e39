import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Tax-exempt right-to-refund: for each bill dated inside a certificate of the tax type, the
/// tax lines of that type that were billed (not exempted at the time) and paid, within the
/// limitation period (policy years from the bill's due date). A bill paid in part refunds the
/// paid share of its tax, rounded half-up. Bills another request already refunded are listed
/// and not counted.
extension RefundsService {
    func taxExempt(_ account: Settle_Accounts_V1_Account, taxType: String, on date: LocalDate) async throws -> Calculated {
        guard !taxType.isEmpty else { throw RefundsError.invalid("tax_type", "a tax_exempt refund names the tax type, e.g. sales-tax") }
        let customer = try await accounts.getCustomer(.with { $0.customerID = account.customerID }).customer
        let certificates = customer.taxExemptions.filter { $0.taxType == taxType }
        guard !certificates.isEmpty else {
            throw RefundsError.failedPrecondition("customer \(customer.id) has no \(taxType) exemption certificate")
        }
        let policy = try await policy()
        let agreements = try await accounts.listServiceAgreements(.with { $0.accountNumber = account.number; $0.pageSize = 1_000 }).agreements
        let bills = agreements.isEmpty ? [] : try await rating.listBills(.with { $0.agreementIds = agreements.map(\.id) }).bills
            .filter { $0.status == "issued" && $0.accountNumber == account.number }
        let source = "tax:\(account.number):\(taxType)"
        let refunded = try await store.read { db in try Self.billsRefunded(sourcePrefix: source, in: db) }
        var result = Calculated(kind: .taxExempt, account: account, source: source)
        for certificate in certificates {
            result.lines.append(input("Certificate \(certificate.certificateNumber)", 0, source: "accounts: customer \(customer.id) exemption \(certificate.id)",
                                      detail: "\(taxType) from \(certificate.effectiveDate) to \(certificate.expiryDate.isEmpty ? "(no expiry)" : certificate.expiryDate)", informational: true))
        }
        // Which tax lines are of this type: the tariff versions' taxes, by name.
        var taxNames: [String: Set<String>] = [:]
        for code in Set(bills.map(\.tariffCode)) where !code.isEmpty {
            let tariff = try await rating.getTariff(.with { $0.code = code })
            for version in tariff.versions {
                for tax in version.taxes where tax.taxType == taxType { taxNames["\(code)@\(version.version)", default: []].insert(tax.name) }
            }
        }
        let charges = bills.isEmpty ? [] : try await collections.listBillCharges(.with { $0.billIds = bills.map(\.id) }).charges
        let ledger = try await collections.getAccountLedger(.with { $0.accountNumber = account.number; $0.asOf = date.description })
        var covered: [String] = []
        for bill in bills.sorted(by: { $0.billDate < $1.billDate }) {
            guard certificates.contains(where: { bill.billDate >= $0.effectiveDate && ($0.expiryDate.isEmpty || bill.billDate <= $0.expiryDate) }) else { continue }
            let lines = bill.rated.lines.enumerated().filter { _, line in
                line.component == "tax" && line.amountCents > 0 && (taxNames[line.tariffVersion]?.contains(line.description_p) ?? false)
            }
            guard !lines.isEmpty else { continue }
            let tax = lines.reduce(Int64(0)) { $0 + $1.element.amountCents }
            let billSource = "rating: bill \(bill.id)"
            if let by = refunded[bill.id] {
                result.lines.append(input("Bill \(bill.id) (\(bill.billDate))", 0, source: billSource, detail: "\(Dollars.grouped(tax)) already refunded by \(by)", informational: true))
                continue
            }
            guard let due = LocalDate(bill.dueDate) else { continue }
            let limit = due.adding(months: 12 * Int(policy.limitationYears))
            guard date <= limit else {
                result.lines.append(input("Bill \(bill.id) (\(bill.billDate))", 0, source: billSource,
                                          detail: "\(Dollars.grouped(tax)) outside the limitation period: due \(due), refundable through \(limit)", informational: true))
                continue
            }
            let net = charges.filter { $0.billID == bill.id }.reduce(Int64(0)) { $0 + $1.netCents }
            let open = ledger.openItems.filter { $0.billID == bill.id && $0.kind == "charge" }.reduce(Int64(0)) { $0 + $1.openCents }
            let paid = max(0, net - open)
            let refundable = open <= 0 ? tax : Dollars.share(tax, numerator: paid, denominator: max(net, 1))
            let detail = lines.map { "line \($0.offset + 1) \($0.element.description_p) \(Dollars.grouped($0.element.amountCents)) on \($0.element.quantity)" }.joined(separator: "; ")
                + "; due \(due), refundable through \(limit); bill \(Dollars.grouped(net)), paid \(Dollars.grouped(paid))"
            result.lines.append(input("Bill \(bill.id) (\(bill.billDate)) \(taxType)", refundable, source: billSource, detail: detail))
            covered.append(bill.id)
        }
        guard !covered.isEmpty else {
            throw RefundsError.failedPrecondition("no \(taxType) billed and paid on account \(account.number) inside its certificates and the \(policy.limitationYears)-year limitation period")
        }
        result.source = "\(source):\(covered.first ?? "")..\(covered.last ?? "")"
        result.creditCents = result.amount
        return result
    }

    /// Bills whose taxes a request of this source already holds, with that request's id.
    static func billsRefunded(sourcePrefix: String, in db: Database) throws -> [String: String] {
        var bills: [String: String] = [:]
        for refund in try RefundStore.holdingTaxExempt(sourcePrefix: sourcePrefix, in: db) {
            for line in refund.calculation where !line.informational && line.source.hasPrefix("rating: bill ") {
                bills[String(line.source.dropFirst("rating: bill ".count))] = refund.id
            }
        }
        return bills
    }
}
