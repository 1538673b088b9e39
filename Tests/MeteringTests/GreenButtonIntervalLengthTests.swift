import Foundation
import SettleContracts
import SettleTestSupport
import XCTest

/// A Green Button reading without its own duration takes its ReadingType's intervalLength.
final class GreenButtonIntervalLengthTests: XCTestCase {
    /// One ReadingType (Wh, with or without an intervalLength) and two readings that give a start
    /// and a value but no duration, from 2012-03-04T18:00:00Z (noon in Chicago).
    private func file(intervalLength: Int?) -> Data {
        let length = intervalLength.map { "<espi:intervalLength>\($0)</espi:intervalLength>" } ?? ""
        return Data("""
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">
          <entry><content><espi:ReadingType><espi:flowDirection>1</espi:flowDirection>\(length)
            <espi:powerOfTenMultiplier>0</espi:powerOfTenMultiplier><espi:uom>72</espi:uom>
          </espi:ReadingType></content></entry>
          <entry><content><espi:IntervalBlock>
            <espi:IntervalReading><espi:timePeriod><espi:start>1330884000</espi:start></espi:timePeriod><espi:value>412</espi:value></espi:IntervalReading>
            <espi:IntervalReading><espi:timePeriod><espi:start>1330884900</espi:start></espi:timePeriod><espi:value>388</espi:value></espi:IntervalReading>
          </espi:IntervalBlock></content></entry>
        </feed>
        """.utf8)
    }

    func testReadingsWithoutADurationTakeTheReadingTypesIntervalLength() async throws {
        try await withMeteringHost { host in
            try await host.ready("GB1", premise: "P1", installed: "2012-03-01", kind: "interval")
            let response = try await host.importData(file(intervalLength: 900), format: .greenButton, meter: "GB1")
            XCTAssertTrue(response.committed, "\(response.rejected)")
            XCTAssertEqual(response.intervalValuesImported, 2)
            let days = try await host.intervals("GB1", from: "2012-03-04", to: "2012-03-04")
            let day = try XCTUnwrap(days.first)
            XCTAssertEqual(day.total, 800)
            XCTAssertEqual(day.missing.filter { !$0 }.count, 2)
        }
    }

    func testReadingsWithNoDurationAnywhereAreRejectedSayingSo() async throws {
        try await withMeteringHost { host in
            try await host.ready("GB1", premise: "P1", installed: "2012-03-01", kind: "interval")
            let response = try await host.importData(file(intervalLength: nil), format: .greenButton, meter: "GB1")
            XCTAssertFalse(response.committed)
            XCTAssertEqual(response.rowsRejected, 2)
            XCTAssertEqual(Set(response.rejected.map(\.reason)), ["IntervalReading has no timePeriod duration and its ReadingType no intervalLength"])
        }
    }
}
