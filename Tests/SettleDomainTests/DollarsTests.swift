import SettleDomain
import Testing

@Suite("Dollar text and grouped whole numbers")
struct DollarsTests {
    @Test("plain dollars: exact cents, a sign, no separators")
    func plain() {
        #expect(Dollars.plain(6231) == "62.31")
        #expect(Dollars.plain(-5) == "-0.05")
        #expect(Dollars.plain(123_456) == "1234.56")
        #expect(Dollars.plain(0) == "0.00")
    }

    @Test("grouped dollars put a separator every three whole digits, none in the cents")
    func grouped() {
        #expect(Dollars.grouped(123_456) == "1,234.56")
        #expect(Dollars.grouped(-5) == "-0.05")
        #expect(Dollars.grouped(99_999) == "999.99")
        #expect(Dollars.grouped(100_000) == "1,000.00")
        #expect(Dollars.grouped(45_103_219) == "451,032.19")
        #expect(Dollars.grouped(-123_456_789_01) == "-123,456,789.01")
        #expect(Dollars.grouped(.min) == "-92,233,720,368,547,758.08")
    }

    @Test("signed dollars for sentences, grouped or not")
    func signed() {
        #expect(Dollars.signed(123_456) == "$1,234.56")
        #expect(Dollars.signed(-1200) == "-$12.00")
        #expect(Dollars.signed(123_456, grouped: false) == "$1234.56")
        #expect(Dollars.signed(.max) == "$92,233,720,368,547,758.07")
    }

    @Test("whole numbers group like dollars, for counts beside amounts")
    func whole() {
        #expect(Grouped.whole(0) == "0")
        #expect(Grouped.whole(999) == "999")
        #expect(Grouped.whole(1000) == "1,000")
        #expect(Grouped.whole(160_000) == "160,000")
        #expect(Grouped.whole(-1200) == "-1,200")
        #expect(Grouped.whole(1_234_567) == "1,234,567")
        #expect(Grouped.whole(Int64.min) == "-9,223,372,036,854,775,808")
        #expect(Grouped.whole(UInt64.max) == "18,446,744,073,709,551,615")
    }
}
