import Foundation
import GRDB
import SettleContracts
import SettleModuleSDK
import SwiftProtobuf

/// The SQL behind budget plans and their bills, and the budget policy's row in
/// `program_policy`. A plan is kept whole as its `BudgetPlan` message.
enum BudgetStore {
    private static let policyRow = MessageRow<Settle_Programs_V1_BudgetPolicy>(table: "program_policy", keyColumn: "name", key: "budget")

    static func policy(in db: Database) throws -> Settle_Programs_V1_BudgetPolicy {
        try policyRow.load(in: db, defaults: BudgetRules.defaults)
    }

    static func save(_ policy: Settle_Programs_V1_BudgetPolicy, in db: Database) throws {
        try policyRow.save(policy, in: db)
    }

    static func insert(_ plan: Settle_Programs_V1_BudgetPlan, in db: Database) throws {
        let body: [UInt8] = try plan.serializedBytes()
        try db.execute(sql: "INSERT INTO budget_plan (enrolment_id, agreement_id, status, body) VALUES (?, ?, ?, ?)",
                       arguments: [try EnrolmentStore.parse(plan.enrolmentID), Int64(plan.agreementID), plan.status, Data(body)])
    }

    static func update(_ plan: Settle_Programs_V1_BudgetPlan, in db: Database) throws {
        let body: [UInt8] = try plan.serializedBytes()
        try db.executeCached(sql: "UPDATE budget_plan SET status = ?, body = ? WHERE enrolment_id = ?",
                       arguments: [plan.status, Data(body), try EnrolmentStore.parse(plan.enrolmentID)])
    }

    static func plan(enrolment: String, in db: Database) throws -> Settle_Programs_V1_BudgetPlan? {
        try Data.fetchOneCached(db, sql: "SELECT body FROM budget_plan WHERE enrolment_id = ?", arguments: [try EnrolmentStore.parse(enrolment)])
            .map { try Settle_Programs_V1_BudgetPlan(serializedBytes: Array($0)) }
    }

    /// An agreement's latest plan (of any status).
    static func latest(agreement: UInt64, in db: Database) throws -> Settle_Programs_V1_BudgetPlan? {
        try Data.fetchOne(db, sql: "SELECT body FROM budget_plan WHERE agreement_id = ? ORDER BY enrolment_id DESC LIMIT 1", arguments: [Int64(agreement)])
            .map { try Settle_Programs_V1_BudgetPlan(serializedBytes: Array($0)) }
    }

    /// The plans still billing (active or leaving) of these agreements: one statement a batch.
    static func billing(_ agreements: [UInt64], in db: Database) throws -> [Settle_Programs_V1_BudgetPlan] {
        guard !agreements.isEmpty else { return [] }
        let list = "[" + agreements.map(String.init).joined(separator: ",") + "]"
        return try Data.fetchAll(db, sql: """
            SELECT body FROM budget_plan WHERE status IN ('active', 'leaving') AND agreement_id IN (SELECT value FROM json_each(?)) ORDER BY enrolment_id
            """, arguments: [list]).map { try Settle_Programs_V1_BudgetPlan(serializedBytes: Array($0)) }
    }

    static func list(status: String, in db: Database) throws -> [Settle_Programs_V1_BudgetPlan] {
        let rows = status.isEmpty
            ? try Data.fetchAll(db, sql: "SELECT body FROM budget_plan ORDER BY enrolment_id")
            : try Data.fetchAll(db, sql: "SELECT body FROM budget_plan WHERE status = ? ORDER BY enrolment_id", arguments: [status])
        return try rows.map { try Settle_Programs_V1_BudgetPlan(serializedBytes: Array($0)) }
    }

    /// Records that `billID` was applied to its plan, keeping the plan before it; false when
    /// the bill was already applied (a retried posting).
    static func recordBill(_ billID: String, planBefore: Settle_Programs_V1_BudgetPlan, in db: Database) throws -> Bool {
        let body: [UInt8] = try planBefore.serializedBytes()
        try db.executeCached(sql: "INSERT INTO budget_bill (bill_id, enrolment_id, plan_before) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       arguments: [billID, try EnrolmentStore.parse(planBefore.enrolmentID), Data(body)])
        return db.changesCount == 1
    }

    /// A bill applied and not yet cancelled: its plan's enrolment and the plan before it.
    static func appliedBill(_ billID: String, in db: Database) throws -> (enrolment: String, before: Settle_Programs_V1_BudgetPlan)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT enrolment_id, plan_before FROM budget_bill WHERE bill_id = ? AND cancelled = 0", arguments: [billID]) else {
            return nil
        }
        return (EnrolmentStore.text(row[0]), try Settle_Programs_V1_BudgetPlan(serializedBytes: Array(row[1] as Data)))
    }

    static func markCancelled(_ billID: String, in db: Database) throws {
        try db.execute(sql: "UPDATE budget_bill SET cancelled = 1 WHERE bill_id = ?", arguments: [billID])
    }
}
