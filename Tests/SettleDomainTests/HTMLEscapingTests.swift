import SettleDomain
import XCTest

final class HTMLEscapingTests: XCTestCase {
    func testMarkupCharactersBecomeEntitiesAndTheRestStays() {
        XCTAssertEqual(HTMLEscaping.escaped("O'Brien & Sons <Ltd> \"North\""), "O'Brien &amp; Sons &lt;Ltd&gt; &quot;North&quot;")
        XCTAssertEqual(HTMLEscaping.escaped("12 Oak St — café"), "12 Oak St — café")
        XCTAssertEqual(HTMLEscaping.escaped(""), "")
    }
}
