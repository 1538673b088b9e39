import ArgumentParser
import SettleClient
import SettleContracts

struct Modules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Loaded modules, the contracts they serve and consume, and their stores.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient { try await $0.host.listModules(options: connection.callOptions) }
        if connection.json {
            return Output.json(["modules": response.modules.map { module in
                [
                    "name": module.name, "version": module.version, "serves": module.serves, "consumes": module.consumes,
                    "consumed_from": module.consumedFrom, "store_path": module.storePath, "migrations": module.migrations,
                ] as [String: Any]
            }])
        }
        if response.modules.isEmpty { print("no modules loaded (the host serves only its own Host and Diagnostics services)") }
        Output.table(
            ["MODULE", "VERSION", "SERVES", "CONSUMES", "MIGRATIONS", "STORE"],
            response.modules.map { module in
                [
                    module.name, module.version, module.serves.joined(separator: ","),
                    module.consumes.map { "\($0) (\(module.consumedFrom[$0] ?? "?"))" }.joined(separator: ","),
                    "\(module.migrations.count)", module.storePath,
                ]
            }
        )
    }
}
