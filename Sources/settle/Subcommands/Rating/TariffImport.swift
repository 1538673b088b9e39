import ArgumentParser
import Foundation
import SettleClient
import SettleContracts

/// `settle tariff import --urdb FILE.json --code CODE`.
struct TariffImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an OpenEI URDB rate (JSON) as a new draft version of a tariff.",
        discussion: "Fields Settle does not rate are listed as unsupported; nothing is dropped silently.")

    @Option(name: .long, help: "The URDB JSON file (a rate object, or a document with \"items\").") var urdb: String
    @Option(name: .long, help: "The tariff code to import into (created when new).") var code: String
    @Option(name: .long, help: "Rate class of a new tariff (default: from the URDB sector).") var rateClass: String?
    @Option(name: .long, help: "Effective date YYYY-MM-DD (default: the URDB startdate).") var effectiveFrom: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: urdb) else { throw ValidationError("cannot read \(urdb)") }
        var request = Settle_Rating_V1_ImportUrdbTariffRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.code = code
        request.urdbJson = data
        request.rateClass = rateClass ?? ""
        request.effectiveFrom = effectiveFrom ?? ""
        let response = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).importUrdbTariff(request, options: $1) }
        if connection.json { return try Output.message(response) }
        let version = response.version
        print("\(version.code)@\(version.version) imported as draft, effective \(version.effectiveFrom)\(response.createdTariff ? " (new tariff)" : "")")
        print("  energy periods: \(version.energy.periods.count), fixed: \(version.customerCharge.amount.isEmpty ? "none" : version.customerCharge.amount + "/" + version.customerCharge.per), minimum: \(version.minimumBill.amount.isEmpty ? "none" : version.minimumBill.amount + "/" + version.minimumBill.per)")
        if response.unsupported.isEmpty {
            print("  every field applied")
        } else {
            print("  \(response.unsupported.count) unsupported field(s), not applied:")
            for field in response.unsupported { print("    - \(field)") }
        }
    }
}
