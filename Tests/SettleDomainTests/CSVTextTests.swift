import SettleDomain
import XCTest

final class CSVTextTests: XCTestCase {
    func testFieldsWithCommasQuotesOrLineBreaksAreQuotedAndTheRestStay() {
        XCTAssertEqual(CSVText.field("Ada Lovelace"), "Ada Lovelace")
        XCTAssertEqual(CSVText.field("1,234.56"), "\"1,234.56\"")
        XCTAssertEqual(CSVText.field("the \"north\" meter"), "\"the \"\"north\"\" meter\"")
        XCTAssertEqual(CSVText.field("line one\nline two"), "\"line one\nline two\"")
        XCTAssertEqual(CSVText.field("carriage\rreturn"), "\"carriage\rreturn\"")
        XCTAssertEqual(CSVText.field(""), "")
    }

    func testALineJoinsItsQuotedFieldsWithCommas() {
        XCTAssertEqual(CSVText.line(["100001", "O'Brien, Pat", "12.50"]), "100001,\"O'Brien, Pat\",12.50")
        XCTAssertEqual(CSVText.line([]), "")
    }
}
