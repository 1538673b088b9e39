import ArgumentParser
import SettleContracts

/// `settle customer tax-exemption add|end`: exemption certificates, which take the exempt
/// taxes off bills in their period.
struct CustomerTaxExemption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tax-exemption", abstract: "Tax-exemption certificates: the tax is not billed while one is in force.",
        subcommands: [CustomerTaxExemptionAdd.self, CustomerTaxExemptionEnd.self, CustomerTaxExemptionCheck.self])
}
