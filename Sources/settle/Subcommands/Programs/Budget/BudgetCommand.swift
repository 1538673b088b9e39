import ArgumentParser

/// `settle program budget …`: levelized payment plans.
struct BudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Budget billing (levelized payment plans): enrol, show, recalculate, settle up, remove, list plans due for review, the policy.",
        subcommands: [BudgetEnroll.self, BudgetShow.self, BudgetRecalculate.self, BudgetSettleUp.self, BudgetRemove.self, BudgetList.self, BudgetPolicyCommand.self])
}
