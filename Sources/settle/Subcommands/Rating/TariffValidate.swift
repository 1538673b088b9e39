import ArgumentParser
import SettleContracts

struct TariffValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Draft → validated, when every test scenario passes.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.validate.run(reference, mutation: mutation, connection: connection) }
}
