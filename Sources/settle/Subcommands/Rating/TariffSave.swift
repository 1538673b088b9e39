import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle tariff save --file VERSION.json`: a draft version from its protobuf JSON.
struct TariffSave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save a draft version from a JSON file (the TariffVersion message: code, version 0 for the next, effective_from, components, scenarios).",
        discussion: "A draft may be saved again under its number until it is validated; then it never changes.")

    @Option(name: .long, help: "The version as protobuf JSON.") var file: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        var request = Settle_Rating_V1_SaveTariffVersionRequest()
        do {
            request.version = try Settle_Rating_V1_TariffVersion(jsonUTF8Data: data)
        } catch {
            throw ValidationError("\(file) is not a TariffVersion in JSON: \(error)")
        }
        request.idempotencyKey = mutation.resolvedKey()
        let version = try await mutation.send(connection) { try await $0.client(RatingV1.Client.self).saveTariffVersion(request, options: $1) }
        if connection.json { return try Output.message(version) }
        print("\(version.code)@\(version.version) saved as draft, effective \(version.effectiveFrom), \(version.scenarios.count) scenario(s)")
    }
}
