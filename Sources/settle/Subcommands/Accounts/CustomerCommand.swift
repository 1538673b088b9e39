import ArgumentParser

/// `settle customer`: the people and organisations accounts belong to.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Customers: add one, show one with certificates and cases.",
        subcommands: [CustomerAdd.self, CustomerShow.self]
    )
}
