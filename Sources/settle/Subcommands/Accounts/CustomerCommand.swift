import ArgumentParser

/// `settle customer`: the people and organisations accounts belong to.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Customers: add one, show one with certificates and cases, and record their protections.",
        subcommands: [CustomerAdd.self, CustomerShow.self, CustomerCriticalCare.self, CustomerTaxExemption.self, CustomerBankruptcy.self]
    )
}
