import Foundation
import SettleDomain
import XCTest

final class JSONTextTests: XCTestCase {
    func testPlainTextIsOnlyQuoted() {
        XCTAssertEqual(JSONText.quoted("B-2024-05-C10-0000123"), "\"B-2024-05-C10-0000123\"")
        XCTAssertEqual(JSONText.quoted(""), "\"\"")
    }

    func testQuotesBackslashesAndControlCharactersAreEscaped() {
        XCTAssertEqual(JSONText.quoted("say \"hi\"\\now"), "\"say \\\"hi\\\"\\\\now\"")
        XCTAssertEqual(JSONText.quoted("a\nb\tc\r\u{01}"), "\"a\\nb\\tc\\r\\u0001\"")
    }

    func testEveryEscapedStringParsesBackToItself() throws {
        for text in ["plain", "quote \" and \\ slash /", "line\nbreak", "\u{1F}unit", "café ☕︎", "tab\there"] {
            let object = try JSONSerialization.jsonObject(with: Data("[\(JSONText.quoted(text))]".utf8)) as? [String]
            XCTAssertEqual(object, [text], text)
        }
    }
}
