import SettleContracts
import SettleDomain
import SettleRPC

/// The exceptions report: Metering's VEE exceptions (open and resolved) and Rating's held
/// bills and skipped agreements of a cycle and period, streamed in pages.
extension ReportingService {
    func getExceptions(
        _ request: Settle_Reporting_V1_GetExceptionsRequest, responses: RPCWriter<Settle_Reporting_V1_ExceptionsPage>, context: ServerContext
    ) async throws {
        guard request.cycle <= 20 else { throw ReportingError.invalid("cycle", "\(request.cycle) is not a bill cycle 1–20 (or 0 for every cycle)") }
        let period = try ReportingError.period(request.period)
        let asOf = try ReportingError.date(request.asOf, field: "as_of", default: today).description
        guard request.pageSize <= Self.maximumPageSize else {
            throw ReportingError.invalid("page_size", "\(request.pageSize) rows; at most \(Self.maximumPageSize) a page")
        }
        let pageSize = request.pageSize == 0 ? Self.defaultPageSize : Int(request.pageSize)
        var tally = ExceptionTally(cycle: request.cycle, period: period.description, asOf: asOf)
        var page = Settle_Reporting_V1_ExceptionsPage()
        func emit(_ row: Settle_Reporting_V1_ExceptionRow) async throws {
            tally.count(row)
            page.rows.append(row)
            if page.rows.count >= pageSize {
                try await responses.write(page)
                page = Settle_Reporting_V1_ExceptionsPage()
            }
        }
        for cycle in request.cycle == 0 ? Array(1...20) : [request.cycle] {
            var vee = Settle_Metering_V1_ListVeeExceptionsRequest()
            vee.cycle = cycle
            vee.period = period.description
            vee.includeResolved = true
            for try await batch in try await metering.listVeeExceptions(vee) {
                for exception in batch.exceptions { try await emit(ExceptionRows.vee(exception, asOf: asOf)) }
            }
            var held = Settle_Rating_V1_ListBillsRequest()
            held.cycle = cycle
            held.period = period.description
            held.status = "held"
            for bill in try await rating.listBills(held).bills { try await emit(ExceptionRows.held(bill, asOf: asOf)) }
            var register = Settle_Rating_V1_GetBillRegisterRequest()
            register.cycle = cycle
            register.period = period.description
            for skip in try await rating.getBillRegister(register).skips { try await emit(ExceptionRows.skipped(skip, cycle: cycle, period: period)) }
        }
        page.summary = tally.finished()
        page.last = true
        try await responses.write(page)
    }
}
