import SettleDomain
import SettleRPC
import Testing

/// A module's error type as modules declare theirs: the shared shapes and nothing of its own.
private enum ExampleError: ContractErrors {}

@Suite("Contract errors")
struct ContractErrorsTests {
    @Test("each shape has its status and names the field")
    func shapes() {
        let invalid = ExampleError.invalid("account_number", "'x' is not an account number")
        #expect(invalid.code == .invalidArgument)
        #expect(invalid.message == "account_number: 'x' is not an account number")
        #expect(ExampleError.required("reason").message == "reason is required")
        #expect(ExampleError.required("reason").code == .invalidArgument)
        #expect(ExampleError.notFound("no bill 'B1'").code == .notFound)
        #expect(ExampleError.failedPrecondition("the bill is posted").code == .failedPrecondition)
        #expect(ExampleError.denied("a second person must approve").code == .permissionDenied)
        #expect(ExampleError.tooLarge("the file is larger than 64 MiB; split it").code == .resourceExhausted)
        #expect(ExampleError.tooLarge("the file is larger than 64 MiB; split it").message == "the file is larger than 64 MiB; split it")
    }

    @Test("date fields parse, or name the field and the text")
    func dates() throws {
        #expect(try ExampleError.date("2025-03-31", field: "as_of").description == "2025-03-31")
        #expect(try ExampleError.date("", field: "as_of", default: LocalDate(dayNumber: 0)) == LocalDate(dayNumber: 0))
        #expect(try ExampleError.optionalDate("", field: "as_of") == nil)
        #expect(try ExampleError.optionalDate("2025-01-01", field: "as_of")?.description == "2025-01-01")
        #expect(throws: RPCError(.invalidArgument, "as_of is required (a date YYYY-MM-DD)")) {
            try ExampleError.date("", field: "as_of")
        }
        #expect(throws: RPCError(.invalidArgument, "as_of: '2024-02-30' is not a date YYYY-MM-DD between 1900 and 2199")) {
            try ExampleError.date("2024-02-30", field: "as_of")
        }
        // One reading of a request's date: a year no utility record has is refused here too.
        #expect(throws: RPCError(.invalidArgument, "as_of: '1850-01-01' is not a date YYYY-MM-DD between 1900 and 2199")) {
            try ExampleError.date("1850-01-01", field: "as_of")
        }
    }

    @Test("period fields parse, or name the field and the text")
    func periods() throws {
        #expect(try ExampleError.period("2025-03") == YearMonth(year: 2025, month: 3))
        #expect(try ExampleError.period("2025-12", field: "from_period").description == "2025-12")
        #expect(throws: RPCError(.invalidArgument, "period is required (a period YYYY-MM)")) {
            try ExampleError.period("")
        }
        #expect(throws: RPCError(.invalidArgument, "period: '2024-5' is not a period YYYY-MM")) {
            try ExampleError.period("2024-5")
        }
        #expect(throws: RPCError(.invalidArgument, "from_period: '2024-13' is not a period YYYY-MM")) {
            try ExampleError.period("2024-13", field: "from_period")
        }
    }
}
