import GRDB
import SettleContracts
import SettleModuleSDK

/// Start, final and re-read requests: field work asked of meter readers.
///
/// A request is for a meter (or, when none is installed, for the premise and service, and
/// attached to the next meter installed there). It is fulfilled by an imported read of the
/// meter taken on or after its date, by the removal read, or (for a premise-level request)
/// by the install read of the meter that takes it over.
enum ReadRequests {
    enum Kind: String { case start, final, reread }

    static func identifier(_ id: Int64) -> String { "RR\(id)" }

    static func parseIdentifier(_ text: String) -> Int64? {
        text.hasPrefix("RR") ? Int64(text.dropFirst(2)) : nil
    }

    static func proto(row: Row, serial: String) -> Settle_Metering_V1_ReadRequest {
        var request = Settle_Metering_V1_ReadRequest()
        request.id = identifier(row["id"])
        request.premiseID = row["premise_id"]
        request.serviceType = row["service_type"]
        request.meterSerial = serial
        request.date = row.dayText("day")
        request.kind = row["kind"]
        request.reason = row["reason"]
        request.status = row["status"]
        return request
    }
}
