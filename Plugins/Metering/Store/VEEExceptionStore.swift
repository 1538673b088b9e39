import Foundation
import GRDB
import SettleDomain
import SettleModuleSDK
import SettleContracts
import SwiftProtobuf

/// Stores and reads VEE exceptions (table `vee_exception`).
enum VEEExceptionStore {
    /// The agreement an exception belongs to, as the run knew it.
    struct Owner: Sendable {
        let runID: Int64
        let cycle: Int
        let period: YearMonth
        let agreement: Agreement
    }

    static func insert(_ draft: ExceptionDraft, owner: Owner, in db: Database) throws {
        let estimates = draft.estimates.isEmpty ? nil : try Settle_Metering_V1_EstimateOptions.with { $0.options = draft.estimates }.serializedBytes() as [UInt8]
        try db.executeCached(
            sql: """
                INSERT INTO vee_exception (run_id, cycle, period, agreement_id, account_number, premise_id, service_type,
                    meter_id, meter_serial, rate_class, type, blocking, measured, compared_with, root_cause, action,
                    measured_value, compared_value, estimates, channel, read_at, start_at, status, resolution, resolved_by, resolved_at, basis)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                owner.runID, owner.cycle, owner.period.description, Int64(bitPattern: owner.agreement.id), owner.agreement.accountNumber,
                owner.agreement.premiseID, owner.agreement.serviceType.rawValue, draft.meter?.id, draft.meter?.serial ?? "",
                owner.agreement.rateClass, draft.type.rawValue, draft.isBlocking, draft.measured, draft.comparedWith,
                draft.type.rootCause, draft.type.action, draft.measuredValue, draft.comparedValue, estimates.map { Data($0) },
                draft.channel.rawValue, draft.readAt, draft.startAt, draft.status, draft.resolution,
                draft.status == "open" ? "" : "vee", draft.status == "open" ? "" : UTCTimestamp.string(from: Date()), draft.basis,
            ])
    }

    static func fetch(id: Int64, in db: Database) throws -> Row? {
        try Row.fetchOneCached(db, sql: "SELECT * FROM vee_exception WHERE id = ?", arguments: [id])
    }

    static func identifier(_ id: Int64) -> String { "VX\(id)" }

    static func parseIdentifier(_ text: String) -> Int64? {
        text.hasPrefix("VX") ? Int64(text.dropFirst(2)) : Int64(text)
    }

    static func proto(_ row: Row, calendar: ZoneCalendar) -> Settle_Metering_V1_VeeException {
        var proto = Settle_Metering_V1_VeeException()
        proto.id = identifier(row["id"])
        proto.cycle = UInt32(row["cycle"] as Int)
        proto.period = row["period"]
        proto.agreementID = UInt64(bitPattern: row["agreement_id"])
        proto.accountNumber = row["account_number"]
        proto.premiseID = row["premise_id"]
        proto.meterSerial = row["meter_serial"]
        proto.rateClass = row["rate_class"]
        proto.type = row["type"]
        proto.blocking = row["blocking"]
        proto.measured = row["measured"]
        proto.comparedWith = row["compared_with"]
        proto.rootCause = row["root_cause"]
        proto.action = row["action"]
        proto.status = row["status"]
        proto.resolution = row["resolution"]
        proto.measuredValue = row["measured_value"]
        proto.comparedValue = row["compared_value"]
        if let blob = row["estimates"] as Data?, let options = try? Settle_Metering_V1_EstimateOptions(serializedBytes: blob) {
            proto.estimates = options.options
        }
        if let readAt = row["read_at"] as Int64? { proto.readDate = calendar.localDate(of: readAt).description }
        proto.basis = row["basis"]
        return proto
    }

    /// Open blocking exceptions by agreement, for holding bills.
    static func holds(cycle: Int, period: YearMonth, in db: Database) throws -> [UInt64: [String]] {
        var result: [UInt64: [String]] = [:]
        for row in try Row.fetchAllCached(
            db, sql: "SELECT agreement_id, type, basis, measured FROM vee_exception WHERE cycle = ? AND period = ? AND blocking = 1 AND status IN ('open', 'reread_requested')",
            arguments: [cycle, period.description])
        {
            let basis: String = row["basis"]
            let type: String = basis.isEmpty ? row["type"] : "\(row["type"] as String) (\(basis))"
            let measured: String = row["measured"]
            result[UInt64(bitPattern: row["agreement_id"]), default: []].append("\(type): \(measured)")
        }
        return result
    }
}
