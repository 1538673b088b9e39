import ArgumentParser

/// `settle customer`: the people and organisations accounts belong to.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Customers: add, show, list and change them, and record their protections.",
        subcommands: [CustomerAdd.self, CustomerShow.self, CustomerList.self, CustomerUpdate.self, CustomerFlags.self, CustomerCriticalCare.self, CustomerTaxExemption.self, CustomerBankruptcy.self]
    )
}
