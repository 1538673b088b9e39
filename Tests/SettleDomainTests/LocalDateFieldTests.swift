import SettleDomain
import SettleRPC
import Testing

@Suite("LocalDate request fields")
struct LocalDateFieldTests {
    /// The message of the INVALID_ARGUMENT `body` throws; nil when it throws nothing.
    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RPCError {
            return error.code == .invalidArgument ? error.message : "code \(error.code)"
        } catch {
            return "not an RPCError: \(error)"
        }
    }

    @Test("a required field names itself and the value")
    func required() throws {
        #expect(try LocalDate.parse("2025-03-31", field: "move_out_date").description == "2025-03-31")
        #expect(message { _ = try LocalDate.parse("", field: "as_of") } == "as_of is required (a date YYYY-MM-DD)")
        #expect(message { _ = try LocalDate.parse("2025-02-30", field: "as_of") }
            == "as_of: '2025-02-30' is not a date YYYY-MM-DD between 1900 and 2199")
        #expect(message { _ = try LocalDate.parse("1899-12-31", field: "as_of") } != nil)
    }

    @Test("an optional field is nil or its fallback when empty")
    func optional() throws {
        #expect(try LocalDate.parseOptional("", field: "x") == nil)
        #expect(try LocalDate.parseOptional("2025-01-01", field: "x")?.description == "2025-01-01")
        let fallback = LocalDate(dayNumber: 0)
        #expect(try LocalDate.parse("", field: "x", default: fallback) == fallback)
    }

    @Test("a range needs both ends or neither, in order")
    func range() throws {
        #expect(try LocalDate.parseRange(from: "", fromField: "a", to: "", toField: "b") == nil)
        #expect(try LocalDate.parseRange(from: "2025-01-01", fromField: "a", to: "2025-01-01", toField: "b") != nil)
        let range = try #require(try LocalDate.parseRange(from: "2025-01-01", fromField: "a", to: "2025-01-31", toField: "b"))
        #expect(range.lowerBound.description == "2025-01-01" && range.upperBound.description == "2025-01-31")
        #expect(message { _ = try LocalDate.parseRange(from: "2025-02-01", fromField: "a", to: "2025-01-31", toField: "b") }
            == "b 2025-01-31 is before a 2025-02-01")
        #expect(message { _ = try LocalDate.parseRange(from: "2025-02-01", fromField: "a", to: "", toField: "b") }
            == "a and b go together: give both or neither")
    }
}
