@testable import SettleAccounts
import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import XCTest

final class DomainTests: XCTestCase {
    func testLocalDatesAreExactCalendarDates() {
        XCTAssertEqual(LocalDate(plausible: "2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(LocalDate(plausible: "2023-02-29"))
        XCTAssertNil(LocalDate(plausible: "1900-02-29"), "1900 is not a leap year")
        XCTAssertNotNil(LocalDate(plausible: "2000-02-29"), "2000 is")
        XCTAssertNil(LocalDate(plausible: "2025-04-31"))
        XCTAssertNil(LocalDate(plausible: "2025-4-01"))
        XCTAssertNil(LocalDate(plausible: "2025-04-01 "))
        XCTAssertNil(LocalDate(plausible: "+025-04-01"))
        XCTAssertNil(LocalDate(plausible: "1899-12-31"))
    }

    func testDayArithmeticAndOrder() throws {
        XCTAssertEqual(try XCTUnwrap(LocalDate("1970-01-01")).dayNumber, 0)
        let march9 = try XCTUnwrap(LocalDate("2025-03-09"))
        let march10 = try XCTUnwrap(LocalDate("2025-03-10"))
        XCTAssertEqual(march9.days(until: march10), 1)
        XCTAssertEqual(march10.days(until: march9), -1)
        XCTAssertEqual(try XCTUnwrap(LocalDate("2024-12-31")).days(until: try XCTUnwrap(LocalDate("2025-12-31"))), 365)
        XCTAssertEqual(try XCTUnwrap(LocalDate("2024-01-01")).days(until: try XCTUnwrap(LocalDate("2025-01-01"))), 366)
        XCTAssertLessThan(try XCTUnwrap(LocalDate("2025-01-31")), try XCTUnwrap(LocalDate("2025-02-01")))
    }

    func testTodayIsTheCalendarDateInTheUtilitysTimeZone() throws {
        // 2025-03-10 03:30 UTC is still 2025-03-09 in Chicago (CDT, UTC-5).
        let instant = Date(timeIntervalSince1970: 1_741_577_400)
        let chicago = try XCTUnwrap(TimeZone(identifier: "America/Chicago"))
        XCTAssertEqual(LocalDate.today(in: chicago, now: instant).description, "2025-03-09")
        XCTAssertEqual(LocalDate.today(in: try XCTUnwrap(TimeZone(identifier: "UTC")), now: instant).description, "2025-03-10")
    }

    func testDerivedReadKeysStayWithinTheStoreLimit() {
        XCTAssertEqual(ReadRequester.derivedKey(moveKey: "k1", kind: .start, premise: "P000001", service: "water"), "k1/start-read/P000001/water")
        let long = String(repeating: "x", count: ModuleStore.maximumIdempotencyKeyLength)
        let derived = ReadRequester.derivedKey(moveKey: long, kind: .final, premise: "P000001", service: "water")
        XCTAssertTrue(derived.hasPrefix("accounts-read/"))
        XCTAssertEqual(derived.count, "accounts-read/".count + 64)
        XCTAssertEqual(derived, ReadRequester.derivedKey(moveKey: long, kind: .final, premise: "P000001", service: "water"), "stable across retries")
        XCTAssertNotEqual(derived, ReadRequester.derivedKey(moveKey: long, kind: .start, premise: "P000001", service: "water"))
    }

    func testPageTokensRoundTripAndAreScoped() throws {
        let token = Paging.token(scope: "agreements", lastKey: "10000")
        let paging = try Paging(pageSize: 0, pageToken: token, scope: "agreements", defaultSize: 1_000, maximumSize: 10_000)
        XCTAssertEqual(paging.limit, 1_000)
        XCTAssertEqual(try paging.afterInteger(), 10_000)
        XCTAssertThrowsError(try Paging(pageSize: 5, pageToken: token, scope: "accounts", defaultSize: 1_000, maximumSize: 10_000))
        XCTAssertEqual(try Paging(pageSize: 20_000, pageToken: "", scope: "x", defaultSize: 1, maximumSize: 10_000).limit, 10_000)
    }

    func testAddressesAreNormalisedAndCheckedPartByPart() throws {
        var address = Settle_Accounts_V1_Address()
        XCTAssertNil(try FieldRules.address(address, field: "a", required: false))
        address.line1 = " 12 Oak St "
        address.city = "Springfield"
        address.state = "il"
        address.postalCode = "62701-1234"
        let clean = try XCTUnwrap(try FieldRules.address(address, field: "a", required: true))
        XCTAssertEqual(clean.line1, "12 Oak St")
        XCTAssertEqual(clean.state, "IL")
        address.postalCode = "62701 1234"
        XCTAssertThrowsError(try FieldRules.address(address, field: "a", required: true))
    }
}
