import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain
import SwiftProtobuf

/// `settle program budget policy [--… N] --reason TEXT`: shows the policy or changes the fields given.
struct BudgetPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Show the budget-billing policy, or change the fields given (a supervisor's change).")

    @Option(name: .long, help: "Months of history for an installment from the customer's own bills (0–24).") var historyMonths: UInt32?
    @Option(name: .long, help: "The most late payments in 12 months (0–12).") var maxLatePayments: UInt32?
    @Option(name: .long, help: "Recalculate every this many bills (1–12).") var recalculateEveryBills: UInt32?
    @Option(name: .long, help: "Drift threshold, basis points of the installment (1000 = 10 %).") var driftThresholdBasisPoints: UInt32?
    @Option(name: .long, help: "Round installments up to a multiple of this many cents (100 = the whole dollar).") var roundUpToCents: UInt32?
    @Option(name: .long, help: "Missed installments that end the plan (1–12).") var missedInstallmentsForDefault: UInt32?
    @Option(name: .long, help: "Months after a default before enrolling again (0–60).") var reEnrolBarMonths: UInt32?
    @Option(name: .long, help: "A class estimate, CLASS=CENTS a month (repeat; replaces the list).") var classEstimate: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var change = Settle_Programs_V1_BudgetPolicy()
        if let historyMonths { change.historyMonths = historyMonths }
        if let maxLatePayments { change.maxLatePayments = maxLatePayments }
        if let recalculateEveryBills { change.recalculateEveryBills = recalculateEveryBills }
        if let driftThresholdBasisPoints { change.driftThresholdBasisPoints = driftThresholdBasisPoints }
        if let roundUpToCents { change.roundUpToCents = roundUpToCents }
        if let missedInstallmentsForDefault { change.missedInstallmentsForDefault = missedInstallmentsForDefault }
        if let reEnrolBarMonths { change.reEnrolBarMonths = reEnrolBarMonths }
        for text in classEstimate {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let cents = Int64(parts[1]) else { throw ValidationError("--class-estimate '\(text)' is not CLASS=CENTS") }
            change.classEstimates.append(.with { $0.rateClass = String(parts[0]); $0.monthlyCents = cents })
        }
        let changing = change != Settle_Programs_V1_BudgetPolicy()
        let key = mutation.resolvedKey(), reason = mutation.reason ?? "", options = mutation.callOptions(connection), asked = change
        let policy = try await connection.withClient { client in
            let programs = client.client(ProgramsV1.Client.self)
            guard changing else { return try await programs.getBudgetPolicy(.init(), options: options) }
            return try await programs.setBudgetPolicy(.with { $0.idempotencyKey = key; $0.policy = asked; $0.reason = reason }, options: options)
        }
        if connection.json { return try Output.message(policy) }
        Output.table(["SETTING", "VALUE"], [
            ["history months", "\(policy.historyMonths)"], ["max late payments", "\(policy.maxLatePayments)"],
            ["recalculate every", "\(policy.recalculateEveryBills) bills"], ["drift threshold", BasisPoints.percent(Int64(policy.driftThresholdBasisPoints))],
            ["round up to", Dollars.signed(Int64(policy.roundUpToCents))], ["missed for default", "\(policy.missedInstallmentsForDefault)"],
            ["re-enrolment bar", "\(policy.reEnrolBarMonths) months"],
        ] + policy.classEstimates.map { ["estimate \($0.rateClass)", Dollars.signed($0.monthlyCents)] })
    }
}
