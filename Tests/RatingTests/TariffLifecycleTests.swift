import GRDB
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// Versions move draft → validated → active → retired; validated versions never change;
/// scenarios gate validation; activation needs a second person.
final class TariffLifecycleTests: XCTestCase {
    func testScenariosGateValidationAndActivationNeedsASecondPerson() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-L")
            // 500 kWh × 0.10 + 8.00 = 58.00; the draft first claims 58.01.
            var version = Build.version("RES-L", from: "2024-01-01") {
                $0.customerCharge = Build.fixed("8")
                $0.energy = Build.energy(Build.tier("0.10"))
                $0.scenarios = [Build.scenario("500 kWh", Build.input("2024-01-01", "2024-01-31", kwh: 500), total: 5_801)]
            }
            let draft = try await host.save(version)
            XCTAssertEqual(draft.version, 1)
            XCTAssertEqual(draft.status, "draft")
            XCTAssertEqual(draft.createdBy, "uid:1001")

            var test = Settle_Rating_V1_TestTariffVersionRequest()
            test.code = "RES-L"
            test.version = 1
            let failing = try await host.maker.testTariffVersion(test)
            XCTAssertFalse(failing.allPassed)
            XCTAssertEqual(failing.results.first?.failures, ["total 58.00, expected 58.01"])
            let refused = await assertRPCError(.failedPrecondition) { try await host.maker.validateTariffVersion(host.change("RES-L", 1)) }
            XCTAssertEqual(refused?.message, "RES-L@1 fails 1 of 1 scenario(s): 500 kWh: total 58.00, expected 58.01")

            // A draft may be corrected in place.
            version.version = 1
            version.scenarios[0].expectedTotalCents = 5_800
            var line = Settle_Rating_V1_ExpectedLine()
            line.description_p = "Energy"
            line.amountCents = 5_000
            version.scenarios[0].expectedLines = [line]
            try await host.save(version)
            let passing = try await host.maker.testTariffVersion(test)
            XCTAssertTrue(passing.allPassed)
            let validate = host.change("RES-L", 1)
            let validated = try await host.maker.validateTariffVersion(validate)
            XCTAssertEqual(validated.status, "validated")
            // Retried with the same key: the first answer, nothing more.
            let retried = try await host.maker.validateTariffVersion(validate)
            XCTAssertEqual(retried, validated)

            // Immutable once validated.
            let immutable = await assertRPCError(.failedPrecondition) { try await host.save(version) }
            XCTAssertEqual(immutable?.message, "RES-L@1 is validated and can no longer change; save a new version")

            // Maker-checker: the creator cannot activate; someone else can.
            let denied = await assertRPCError(.permissionDenied) { try await host.maker.activateTariffVersion(host.change("RES-L", 1)) }
            XCTAssertEqual(denied?.message, "RES-L@1 was created by uid:1001; another person must activate it")
            let active = try await host.checker.activateTariffVersion(host.change("RES-L", 1))
            XCTAssertEqual(active.status, "active")
            XCTAssertEqual(active.activatedBy, "uid:1002")

            // Active versions rate; retired ones no longer do.
            let rated = try await host.rate("RES-L", Build.input("2024-02-01", "2024-03-02", kwh: 500))
            XCTAssertEqual(rated.totalCents, 5_800)
            _ = try await host.checker.retireTariffVersion(host.change("RES-L", 1))
            await assertRPCError(.failedPrecondition) { try await host.rate("RES-L", Build.input("2024-02-01", "2024-03-02", kwh: 500)) }

            // Every change is in the audit trail.
            let entities = try await host.store().read { db in
                try String.fetchAll(db, sql: "SELECT entity FROM settle_audit_log WHERE entity LIKE 'tariff%' ORDER BY sequence")
            }
            XCTAssertEqual(entities, ["tariff/RES-L"] + Array(repeating: "tariff_version/RES-L@1", count: 5))
        }
    }

    func testVersionWithoutScenariosCannotBeValidatedAndBadFieldsAreNamed() async throws {
        try await withRatingHost { host in
            try await host.tariff("RES-N")
            try await host.save(Build.version("RES-N", from: "2024-01-01") { $0.energy = Build.energy(Build.tier("0.1")) })
            let error = await assertRPCError(.failedPrecondition) { try await host.maker.validateTariffVersion(host.change("RES-N", 1)) }
            XCTAssertEqual(error?.message, "RES-N@1 has no test scenarios; a version is validated only by scenarios that pass")

            let sevenPlaces = await assertRPCError(.invalidArgument) {
                try await host.save(Build.version("RES-N", from: "2024-01-01") { $0.energy = Build.energy(Build.tier("0.1234567")) })
            }
            XCTAssertEqual(sevenPlaces?.message, "energy.periods[0].tiers[0].rate: '0.1234567' is not a decimal with at most 6 places")
            let blocks = await assertRPCError(.invalidArgument) {
                try await host.save(Build.version("RES-N", from: "2024-01-01") { $0.energy = Build.energy(Build.tier("0.1", max: "500"), Build.tier("0.2", max: "400")) })
            }
            XCTAssertEqual(blocks?.message, "energy.periods[0].tiers[1].max: tier limits must increase (400)")
            let unknown = await assertRPCError(.notFound) { try await host.rate("NOPE", Build.input("2024-01-01", "2024-01-31", kwh: 1)) }
            XCTAssertEqual(unknown?.message, "no tariff with code 'NOPE'")
            await assertRPCError(.invalidArgument) { try await host.tariff("BAD CODE") }
            await assertRPCError(.alreadyExists) { try await host.tariff("RES-N") }
        }
    }
}
