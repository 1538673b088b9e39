import SettleDomain
import SettleRPC
import Testing

@Suite("Record ids")
struct RecordIDTests {
    let enrolment = RecordID("E")

    @Test("six digits at least, more past 999,999", arguments: [
        (Int64(1), "E000001"), (42, "E000042"), (999_999, "E999999"), (1_000_000, "E1000000"),
    ])
    func text(row: Int64, text: String) {
        #expect(enrolment.text(row) == text)
        #expect(enrolment.row(text) == row)
    }

    @Test("anything but the letter and digits naming a row is no id", arguments: [
        "", "E", "e000001", "R000001", "E+00001", "E-00001", "E 1", "E000000", "E00000a", "E１", "E1234567890123456789",
    ])
    func refused(text: String) {
        #expect(enrolment.row(text) == nil)
    }

    @Test("leading zeros are not required when reading")
    func shortForm() {
        #expect(enrolment.row("E7") == 7)
    }

    @Test("a request's id field is refused naming the field, the id and its form")
    func field() throws {
        let refunds = RecordID("R", name: "a refund id")
        #expect(try refunds.row("R000042", field: "refund_id") == 42)
        do {
            _ = try refunds.row("", field: "refund_id")
            Issue.record("an empty id was taken")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message == "refund_id: a refund id (R000001) is required")
        }
        do {
            _ = try refunds.row("-7", field: "refund_ids[2]")
            Issue.record("a signed id was taken")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message == "refund_ids[2]: '-7' is not a refund id (R000001)")
        }
    }
}
