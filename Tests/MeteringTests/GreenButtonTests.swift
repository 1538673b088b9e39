import Foundation
import SettleRPC
@testable import SettleMetering
import SettleContracts
import SettleTestSupport
import XCTest

/// Green Button (ESPI) files from the Green Button Alliance's own test fixtures.
final class GreenButtonTests: XCTestCase {
    /// The one-day file of 96 readings (`Fixtures/test_usage_data_05.xml`).
    var oneDay: Data { get throws { try Data(contentsOf: Self.fixture("test_usage_data_05.xml")) } }

    /// A file committed beside this test (Fixtures/), found from this source file's path so the
    /// test reads the repository's copy wherever the repository is checked out.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    func testOneDayFileParses() throws {
        let blocks = try GreenButtonParser.parse(try oneDay)
        XCTAssertEqual(blocks.count, 1)
        let block = try XCTUnwrap(blocks.first)
        XCTAssertEqual(block.readingType, GreenButtonParser.ReadingType(uom: 72, powerOfTen: 0, flowDirection: 1, intervalLength: 900))
        XCTAssertEqual(block.readings.count, 96)
        XCTAssertEqual(block.readings.first?.start, 1_330_923_600)
        XCTAssertEqual(block.readings.first?.duration, 900)
        XCTAssertEqual(block.readings.reduce(0) { $0 + $1.value }, 92_916)
        XCTAssertEqual(try GreenButtonParser.channel(of: XCTUnwrap(block.readingType)).get(), .kwhDelivered)
        XCTAssertGreaterThan(block.readings[1].line, block.readings[0].line)
    }

    func testTwoWeekFileWithQualitiesParses() throws {
        let blocks = try GreenButtonParser.parse(Data(contentsOf: Self.fixture("test_usage_data.xml")))
        let readings = blocks.flatMap(\.readings)
        XCTAssertEqual(readings.count, 1_340)
        XCTAssertEqual(readings.reduce(0) { $0 + $1.value }, 1_391_666)
        XCTAssertEqual(readings[0].quality, 8)
        XCTAssertTrue(GreenButtonParser.isEstimated(quality: readings[0].quality))
        XCTAssertFalse(GreenButtonParser.isEstimated(quality: readings[1].quality))
    }

    func testPowerOfTenScaling() {
        XCTAssertEqual(GreenButtonParser.thousandths(352, powerOfTen: 0), 352)
        XCTAssertEqual(GreenButtonParser.thousandths(352, powerOfTen: 3), 352_000)
        XCTAssertEqual(GreenButtonParser.thousandths(352_500, powerOfTen: -3), 353)
        XCTAssertEqual(GreenButtonParser.thousandths(352_499, powerOfTen: -3), 352)
    }

    func testMalformedFileIsRefusedWithALine() {
        XCTAssertThrowsError(try GreenButtonParser.parse(Data("<feed><entry></feed>".utf8))) { error in
            XCTAssertTrue("\(error)".contains("line"))
        }
    }

    func testImportIntoAnIntervalMeter() async throws {
        try await withMeteringHost { host in
            try await host.ready("GB1", premise: "P1", installed: "2012-03-01", kind: "interval")
            let data = try oneDay
            let response = try await host.importData(data, format: .greenButton, meter: "GB1")
            XCTAssertTrue(response.committed, "\(response.rejected)")
            XCTAssertEqual(response.intervalValuesImported, 96)
            // The file's day starts 05:00 UTC, 23:00 the evening before in Chicago: 4 + 92 slots.
            let days = try await host.intervals("GB1", from: "2012-03-04", to: "2012-03-05")
            XCTAssertEqual(days.map { $0.missing.filter { !$0 }.count }, [4, 92])
            XCTAssertEqual(days.reduce(0) { $0 + $1.total }, 92_916)

            // Without a meter serial the file cannot be placed.
            await assertRPCError(.invalidArgument) { try await host.importData(data, format: .greenButton, meter: "") }
        }
    }
}
