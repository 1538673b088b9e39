import ArgumentParser
import SettleContracts

struct TariffActivate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Validated → active; refused to the person who created the version.")
    @Argument(help: "CODE@VERSION.") var reference: VersionReference
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions
    func run() async throws { try await VersionStep.activate.run(reference, mutation: mutation, connection: connection) }
}
