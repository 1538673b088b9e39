public import SettleContracts
import SettleRPC
import XCTest

/// One-call steps of bill cycle 5, the cycle the end-to-end tests bill on: a customer moved in
/// with a meter, a file of reads, a VEE run, a billing run, a bill read back.
extension UtilityHost {
    /// A customer, a premise, an active register meter installed on `date` with `installRead`
    /// (none when `meter` is nil) and a move-in there on `date`; answers the account and agreement.
    public func moveIn(name: String, premise: String, meter: String?, date: String, installRead: Int64 = 0,
                       rateSchedule: String = "RES-1") async throws -> (account: String, agreement: UInt64) {
        let customer = try await setup.customer(name)
        _ = try await setup.premise(premise, street: "\(premise) Oak St")
        if let meter { try await setup.registerMeter(meter, at: premise, on: date, installRead: installRead) }
        return try await setup.moveIn(customer, at: premise, on: date, cycle: 5, rateSchedule: rateSchedule)
    }

    /// Imports a register-read CSV and fails the test unless every row was committed.
    public func importReads(_ csv: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let response = try await setup.importRegisterReads(csv)
        XCTAssertTrue(response.committed, "\(response.rejected)", file: file, line: line)
    }

    @discardableResult
    public func runVee(_ period: String) async throws -> Settle_Metering_V1_RunVeeResponse {
        var request = Settle_Metering_V1_RunVeeRequest()
        request.idempotencyKey = freshKey("vee")
        request.cycle = 5
        request.period = period
        return try await metering.runVee(request)
    }

    /// A person's decision on the VEE exception `id` (`accept`, `edit` to `correctedValue`, …)
    /// with the `reason` they give.
    @discardableResult
    public func resolveVee(_ id: String, _ action: String, reason: String, correctedValue: Int64 = 0) async throws -> Settle_Metering_V1_ResolveVeeExceptionResponse {
        try await metering.resolveVeeException(veeResolution(id, action, reason: reason, correctedValue: correctedValue))
    }

    /// Runs cycle 5's billing for `period` and answers the run's last progress message; with
    /// `highBillMultiple`, bills above that multiple of the usual are held.
    @discardableResult
    public func runBilling(_ period: String, billDate: String, highBillMultiple: String = "") async throws -> Settle_Rating_V1_BillingProgress {
        var request = Settle_Rating_V1_RunBillingRequest()
        request.idempotencyKey = freshKey("run")
        request.cycle = 5
        request.period = period
        request.billDate = billDate
        request.highBillMultiple = highBillMultiple
        var last = Settle_Rating_V1_BillingProgress()
        for try await progress in try await rating.runBilling(request) { last = progress }
        return last
    }

    public func bill(_ id: String) async throws -> Settle_Rating_V1_Bill {
        var request = Settle_Rating_V1_GetBillRequest()
        request.billID = id
        return try await rating.getBill(request)
    }
}

/// A person's decision on the VEE exception `id`: `accept`, `estimate` (by `method`; empty
/// lets Metering choose), `edit` to `correctedValue` or `reread`, with the `reason` they give.
/// The utility tests resolve through `UtilityHost` and the Metering tests through their own
/// host; both build the decision here.
public func veeResolution(
    _ id: String, _ action: String, reason: String, correctedValue: Int64 = 0, method: String = "", key: String = freshKey("vee-resolve")
) -> Settle_Metering_V1_ResolveVeeExceptionRequest {
    var request = Settle_Metering_V1_ResolveVeeExceptionRequest()
    request.idempotencyKey = key
    request.exceptionID = id
    request.action = action
    request.correctedValue = correctedValue
    request.reason = reason
    request.method = method
    return request
}
