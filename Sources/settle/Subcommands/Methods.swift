import ArgumentParser
import SettleClient
import SettleContracts

struct Methods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Every method the host routes, with its kind and the role it requires.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient { try await $0.host.listMethods(options: connection.callOptions) }
        if connection.json {
            return Output.json(["methods": response.methods.map {
                ["name": $0.name, "kind": $0.kind, "required_role": $0.requiredRole, "module": $0.module]
            }])
        }
        Output.table(["METHOD", "KIND", "ROLE", "MODULE"], response.methods.map { [$0.name, $0.kind, $0.requiredRole, $0.module] })
    }
}
