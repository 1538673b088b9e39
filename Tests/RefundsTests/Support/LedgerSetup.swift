import Foundation
import SettleContracts
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A customer moved in through the real Accounts, with ledger entries through the real Collections.
struct Customer {
    var id: String
    var account: String
    var agreement: UInt64
}

extension RefundsHost {
    /// Creates a customer and premise and moves them in on `date` (electric, RES-1, cycle 5).
    func customer(_ name: String, premise: String, on date: String) async throws -> Customer {
        let setup = UtilitySetup(accounts: accounts, metering: metering)
        let customerID = try await setup.customer(name)
        _ = try await setup.premise(premise, street: "\(premise) Oak St")
        let moved = try await setup.moveIn(customerID, at: premise, on: date, cycle: 5)
        return Customer(id: customerID, account: moved.account, agreement: moved.agreement)
    }

    /// A bill's charge posted as Rating posts it.
    func charge(_ customer: Customer, bill: String, cents: Int64, billDate: String, dueDate: String, from: String = "", to: String = "", final: Bool = false) async throws {
        _ = try await collections.postBillCharges(.with {
            $0.idempotencyKey = freshKey("charge")
            $0.charges = [.with {
                $0.billID = bill
                $0.accountNumber = customer.account
                $0.agreementID = customer.agreement
                $0.serviceType = "electric"
                $0.rateClass = "residential"
                $0.period = String(billDate.prefix(7))
                $0.billDate = billDate
                $0.dueDate = dueDate
                $0.amountCents = cents
                $0.serviceStartDate = from
                $0.serviceEndDate = to
                $0.finalBill = final
            }]
        })
    }

    func pay(_ customer: Customer, _ cents: Int64, on date: String) async throws {
        _ = try await collections.postPayment(.with {
            $0.idempotencyKey = freshKey("pay")
            $0.accountNumber = customer.account
            $0.amountCents = cents
            $0.paymentDate = date
            $0.reference = UUID().uuidString
        })
    }

    /// A deposit billed on `date`, due ten days later, paid on `paid`.
    func deposit(_ customer: Customer, _ cents: Int64, billed date: String, due: String, paid: String) async throws {
        _ = try await collections.postEntry(.with {
            $0.idempotencyKey = freshKey("deposit")
            $0.accountNumber = customer.account
            $0.kind = "deposit_billed"
            $0.amountCents = cents
            $0.entryDate = date
            $0.dueDate = due
        })
        try await pay(customer, cents, on: paid)
    }

    /// Moves the customer out on `date` and posts the final bill (Collections applies the
    /// deposit with its interest and closes the account once nothing is owed).
    func finalBill(_ customer: Customer, bill: String, cents: Int64, moveOut date: String, billDate: String, dueDate: String) async throws {
        _ = try await accounts.moveOut(.with { $0.idempotencyKey = freshKey("move-out"); $0.accountNumber = customer.account; $0.date = date })
        _ = try await accounts.completeFinalBill(.with { $0.idempotencyKey = freshKey("complete"); $0.agreementID = customer.agreement; $0.billedDate = billDate })
        try await charge(customer, bill: bill, cents: cents, billDate: billDate, dueDate: dueDate, final: true)
    }

    func ledger(_ account: String) async throws -> Settle_Collections_V1_GetAccountLedgerResponse {
        try await collections.getAccountLedger(.with { $0.accountNumber = account; $0.includeEntries = true })
    }

    func request(_ kind: String, _ account: String, date: String, key: String = freshKey("request"), configure: (inout Settle_Refunds_V1_RequestRefundRequest) -> Void = { _ in }) async throws -> Settle_Refunds_V1_RefundRequest {
        var request = Settle_Refunds_V1_RequestRefundRequest()
        request.idempotencyKey = key
        request.kind = kind
        request.accountNumber = account
        request.refundDate = date
        request.reason = "customer asked"
        configure(&request)
        return try await refunds.requestRefund(request)
    }

    func decide(_ id: String, reason: String = "checked the calculation") -> Settle_Refunds_V1_DecideRefundRequest {
        .with { $0.idempotencyKey = freshKey("decide"); $0.refundID = id; $0.reason = reason }
    }

    func batch(_ ids: [String] = [], date: String) async throws -> Settle_Refunds_V1_DisbursementBatch {
        try await refunds.createBatch(.with { $0.idempotencyKey = freshKey("batch"); $0.batchDate = date; $0.refundIds = ids })
    }

    func release(_ id: String, key: String = freshKey("release")) async throws -> Settle_Refunds_V1_ReleaseBatchResponse {
        try await refunds.releaseBatch(.with { $0.idempotencyKey = key; $0.batchID = id })
    }

    func export(_ id: String, _ format: String) async throws -> Settle_Refunds_V1_ExportBatchResponse {
        try await refunds.exportBatch(.with { $0.batchID = id; $0.format = format })
    }

    func bank(_ account: String, routing: String = "021000021", number: String = "123456789", type: String = "checking") async throws {
        _ = try await refunds.setPayeeBank(.with {
            $0.idempotencyKey = freshKey("bank")
            $0.bank = .with { $0.accountNumber = account; $0.routingNumber = routing; $0.bankAccount = number; $0.accountType = type }
        })
    }
}

/// A customer moved in on 2025-01-01, billed 50.00, who paid `overpaid` + 60.00 and was final
/// billed 10.00 on 2025-03-05: a closed account with a credit of `overpaid`.
func closedWithCredit(_ host: RefundsHost, _ name: String, premise: String, overpaid: Int64) async throws -> Customer {
    let customer = try await host.customer(name, premise: premise, on: "2025-01-01")
    try await host.charge(customer, bill: "B-\(premise)-1", cents: 5_000, billDate: "2025-02-01", dueDate: "2025-02-20")
    try await host.pay(customer, 6_000 + overpaid, on: "2025-02-10")
    try await host.finalBill(customer, bill: "B-\(premise)-2", cents: 1_000, moveOut: "2025-03-01", billDate: "2025-03-05", dueDate: "2025-03-25")
    let balance = try await host.ledger(customer.account).balanceCents
    XCTAssertEqual(balance, -overpaid)
    return customer
}
