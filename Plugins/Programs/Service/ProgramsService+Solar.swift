import Foundation
import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// Solar banks: what each bill starts from (in `PrepareBilling`), each bill's movement
/// recorded once per batch, given back when a bill is cancelled, and shown.
extension ProgramsService {
    /// The most bills one `RecordSolarBills` or `CancelSolarBills` call may carry.
    static let maximumSolarBills = 10_000

    /// The bank and carryover each in-force solar enrolment starts its bill from.
    static func solarBalances(
        _ enrolments: [Settle_Programs_V1_Enrolment], periods: [UInt64: (billID: String, periodStart: String)], in db: Database
    ) throws -> [Settle_Programs_V1_SolarBalance] {
        let solar = enrolments.filter { $0.kind == ProgramKind.solar.rawValue }
        guard !solar.isEmpty else { return [] }
        var wanted: [(enrolment: Int64, excludingBill: String, periodStart: String)] = []
        for enrolment in solar {
            guard let period = periods[enrolment.agreementID] else { continue }
            wanted.append((try EnrolmentStore.parse(enrolment.id), period.billID, period.periodStart))
        }
        let found = try SolarBankStore.balances(wanted, in: db)
        return try solar.compactMap { enrolment in
            guard periods[enrolment.agreementID] != nil else { return nil }
            var balance = Settle_Programs_V1_SolarBalance()
            balance.agreementID = enrolment.agreementID
            balance.enrolmentID = enrolment.id
            balance.program = enrolment.solar
            if let last = found[try EnrolmentStore.parse(enrolment.id)] {
                balance.bankMwh = last.bankEndMwh
                balance.carryover = last.carryoverEnd
                balance.afterBillID = last.billID
            }
            return balance
        }
    }

    func recordSolarBills(_ request: Settle_Programs_V1_RecordSolarBillsRequest, context: ServerContext) async throws -> Settle_Programs_V1_RecordSolarBillsResponse {
        guard request.bills.count <= Self.maximumSolarBills else {
            throw ProgramsError.invalid("bills", "\(request.bills.count) bills; at most \(Self.maximumSolarBills) a call")
        }
        var enrolments: [Int64] = []
        for (index, bill) in request.bills.enumerated() {
            guard !bill.billID.isEmpty else { throw ProgramsError.invalid("bills[\(index)].bill_id", "a bill id is required") }
            enrolments.append(try EnrolmentStore.parse(bill.enrolmentID, field: "bills[\(index)].enrolment_id"))
            for (field, values) in [("bank_end_mwh", bill.bankEndMwh), ("bank_start_mwh", bill.bankStartMwh)] where values.contains(where: { $0 < 0 }) {
                throw ProgramsError.invalid("bills[\(index)].\(field)", "a bank is never negative")
            }
            guard (bill.carryoverEnd + bill.carryoverStart).allSatisfy({ $0.cents >= 0 }) else {
                throw ProgramsError.invalid("bills[\(index)].carryover_end", "carried dollars are never negative")
            }
        }
        let ids = enrolments
        let now = UTCTimestamp.seconds(from: Date())
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            var response = Settle_Programs_V1_RecordSolarBillsResponse()
            var entries: [String] = []
            for (bill, enrolment) in zip(request.bills, ids) {
                let found = try EnrolmentStore.load(enrolment, in: db)
                guard found.kind == ProgramKind.solar.rawValue, found.agreementID == bill.agreementID else {
                    throw ProgramsError.failedPrecondition("bill \(bill.billID): enrolment \(bill.enrolmentID) is not agreement \(bill.agreementID)'s solar enrolment")
                }
                var movement = bill
                movement.status = "recorded"
                movement.recordedAt = now
                if try SolarBankStore.record(movement, enrolment: enrolment, in: db) {
                    response.recorded += 1
                    entries.append("{\"bill\":\(JSONText.quoted(bill.billID)),\"bank_end_mwh\":[\(bill.bankEndMwh.map(String.init).joined(separator: ","))],\"carryover_end_cents\":\(bill.carryoverEnd.reduce(0) { $0 + $1.cents }),\"true_up_credit_cents\":\(bill.trueUpCreditCents)}")
                } else {
                    response.alreadyRecorded += 1
                }
            }
            if !entries.isEmpty {
                try audit.record(entity: "solar_bank/\(request.idempotencyKey)", after: "[" + entries.joined(separator: ",") + "]",
                                 reason: audit.reason.isEmpty ? "solar banks of a billing batch" : audit.reason)
            }
            return response
        }
    }

    func cancelSolarBills(_ request: Settle_Programs_V1_CancelSolarBillsRequest, context: ServerContext) async throws -> Settle_Programs_V1_CancelSolarBillsResponse {
        guard request.billIds.count <= Self.maximumSolarBills else {
            throw ProgramsError.invalid("bill_ids", "\(request.billIds.count) bills; at most \(Self.maximumSolarBills) a call")
        }
        let reason = try Self.requiredReason(request.reason, context: context, else: "cancelling a bill's solar movement needs a reason")
        return try await mutate(request, key: request.idempotencyKey, context: context) { db, audit in
            let cancelled = try SolarBankStore.cancel(request.billIds, in: db)
            for movement in cancelled {
                var before = movement
                before.status = "recorded"
                try audit.record(entity: "solar_bank/\(movement.enrolmentID)/\(movement.billID)", before: before.auditJSON, after: movement.auditJSON, reason: reason)
            }
            var response = Settle_Programs_V1_CancelSolarBillsResponse()
            response.cancelled = UInt32(cancelled.count)
            return response
        }
    }

    func getSolarBank(_ request: Settle_Programs_V1_GetSolarBankRequest, context: ServerContext) async throws -> Settle_Programs_V1_SolarBankHistory {
        guard request.agreementID != 0 else { throw ProgramsError.invalid("agreement_id", "an agreement id is required") }
        return try await store.read { db in
            let enrolments = try EnrolmentStore.involving([request.agreementID], in: db).filter { $0.kind == ProgramKind.solar.rawValue && $0.agreementID == request.agreementID }
            guard let enrolment = enrolments.last else { throw ProgramsError.notFound("agreement \(request.agreementID) has no solar enrolment") }
            var history = Settle_Programs_V1_SolarBankHistory()
            history.bills = try SolarBankStore.history(agreement: request.agreementID, in: db)
            var balance = Settle_Programs_V1_SolarBalance()
            balance.agreementID = request.agreementID
            balance.enrolmentID = enrolment.id
            balance.program = enrolment.solar
            if let last = history.bills.first(where: { $0.status == "recorded" }) {
                balance.bankMwh = last.bankEndMwh
                balance.carryover = last.carryoverEnd
                balance.afterBillID = last.billID
            }
            history.balance = balance
            return history
        }
    }
}
