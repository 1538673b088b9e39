import ArgumentParser
import SettleContracts

/// `settle customer critical-care add|end`: medical certifications, which stop disconnection
/// while in force.
struct CustomerCriticalCare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critical-care", abstract: "Critical-care (medical) certifications: no disconnection while one is in force.",
        subcommands: [CustomerCriticalCareAdd.self, CustomerCriticalCareEnd.self])
}

struct CustomerCriticalCareAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a certification, in force from --from through --to.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "Who certified it, e.g. \"Dr. A. Osei, Mercy Clinic\".") var certifiedBy: String
    @Option(name: .long, help: "First day in force, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last day in force, YYYY-MM-DD (certifications must be renewed).") var to: String
    @Option(name: .long, help: "A note.") var note = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_AddCriticalCareCertificationRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.certifiedBy = certifiedBy
        request.effectiveDate = from
        request.expiryDate = to
        request.note = note
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).addCriticalCareCertification(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

struct CustomerCriticalCareEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End a certification early (its new last day).")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The certification's id.") var id: UInt64
    @Option(name: .long, help: "The new last day, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Why it ended.") var why = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_EndCriticalCareCertificationRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "critical-care-end-\(customer)-\(id)"
        request.customerID = customer
        request.certificationID = id
        request.endDate = date
        request.endedReason = why
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).endCriticalCareCertification(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

/// `settle customer tax-exemption add|end`: exemption certificates, which take the exempt
/// taxes off bills in their period.
struct CustomerTaxExemption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tax-exemption", abstract: "Tax-exemption certificates: the tax is not billed while one is in force.",
        subcommands: [CustomerTaxExemptionAdd.self, CustomerTaxExemptionEnd.self, CustomerTaxExemptionCheck.self])
}

struct CustomerTaxExemptionAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an exemption certificate for one tax.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "The tax, lower-case kebab, e.g. sales-tax.") var tax: String
    @Option(name: .long, help: "The certificate's number.") var certificate: String
    @Option(name: .long, help: "First day in force, YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last day in force, YYYY-MM-DD (default: until ended).") var to: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_AddTaxExemptionRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.customerID = customer
        request.taxType = tax
        request.certificateNumber = certificate
        request.effectiveDate = from
        request.expiryDate = to ?? ""
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).addTaxExemption(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

struct CustomerTaxExemptionEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End an exemption (its new last day).")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The exemption's id.") var id: UInt64
    @Option(name: .long, help: "The new last day, YYYY-MM-DD.") var date: String
    @Option(name: .long, help: "Why it ended.") var why = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_EndTaxExemptionRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "tax-exemption-end-\(customer)-\(id)"
        request.customerID = customer
        request.exemptionID = id
        request.endDate = date
        request.endedReason = why
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).endTaxExemption(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

/// `settle customer bankruptcy record|resolve`: cases, whose stay protects pre-petition debt.
struct CustomerBankruptcy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bankruptcy", abstract: "Bankruptcy cases: pre-petition debt is stayed until discharge or dismissal.",
        subcommands: [CustomerBankruptcyRecord.self, CustomerBankruptcyResolve.self])
}

struct CustomerBankruptcyRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "Record a case filed on a petition date.")

    @Argument(help: "The customer's id.") var customer: String
    @Option(name: .long, help: "The court's case number.") var caseNumber: String
    @Option(name: .long, help: "Chapter 7, 11, 12 or 13.") var chapter: UInt32
    @Option(name: .long, help: "The petition date, YYYY-MM-DD.") var petition: String
    @Option(name: .long, help: "The court.") var court = ""
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_RecordBankruptcyCaseRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "bankruptcy-\(customer)-\(caseNumber)"
        request.customerID = customer
        request.caseNumber = caseNumber
        request.chapter = chapter
        request.petitionDate = petition
        request.court = court
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).recordBankruptcyCase(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

struct CustomerBankruptcyResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve a case: discharged, dismissed or closed; the stay ends that day.")

    @Argument(help: "The customer's id.") var customer: String
    @Argument(help: "The case's id.") var id: UInt64
    @Argument(help: "discharged, dismissed or closed.") var outcome: String
    @Option(name: .long, help: "The day it was resolved, YYYY-MM-DD.") var date: String
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Accounts_V1_ResolveBankruptcyCaseRequest()
        request.idempotencyKey = mutation.idempotencyKey ?? "bankruptcy-resolve-\(customer)-\(id)"
        request.customerID = customer
        request.caseID = id
        request.outcome = outcome
        request.resolvedDate = date
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { try await $0.client(AccountsV1.Client.self).resolveBankruptcyCase(request, options: options) }
        try CustomerProtectionsFormat.show(response, connection: connection, key: request.idempotencyKey)
    }
}

/// The customer's protections after a change: one table per kind.
enum CustomerProtectionsFormat {
    static func show(_ response: Settle_Accounts_V1_CustomerResponse, connection: ConnectionOptions, key: String) throws {
        if connection.json { return try AccountsFormat.printJSON(response) }
        let customer = response.customer
        print("customer \(customer.id) \(customer.name)  [idempotency key \(key)]")
        Output.table(["CRITICAL CARE", "CERTIFIED BY", "FROM", "TO", "ENDED"], customer.criticalCare.map {
            ["\($0.id)", $0.certifiedBy, $0.effectiveDate, AccountsFormat.dash($0.expiryDate), AccountsFormat.dash($0.endedReason)]
        })
        Output.table(["TAX EXEMPTION", "TAX", "CERTIFICATE", "FROM", "TO", "ENDED"], customer.taxExemptions.map {
            ["\($0.id)", $0.taxType, $0.certificateNumber, $0.effectiveDate, AccountsFormat.dash($0.expiryDate), AccountsFormat.dash($0.endedReason)]
        })
        Output.table(["BANKRUPTCY", "CASE", "CHAPTER", "PETITION", "STATUS", "RESOLVED"], customer.bankruptcyCases.map {
            ["\($0.id)", $0.caseNumber, "\($0.chapter)", $0.petitionDate, $0.status, AccountsFormat.dash($0.resolvedDate)]
        })
    }
}
