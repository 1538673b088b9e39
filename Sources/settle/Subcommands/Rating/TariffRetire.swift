import ArgumentParser
import SettleContracts

struct TariffRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retire", abstract: "Active or validated → retired.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.retire.run(reference, mutation: mutation, connection: connection) }
}
