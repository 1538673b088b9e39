import Foundation
import SettleContracts
import SettleDomain

/// A NACHA ACH file of one PPD credit batch, written from a stored disbursement batch: the
/// same batch always gives the same bytes.
///
/// Records are 94 characters: file header (1), batch header (5), one entry detail (6) per
/// payee, batch control (8), file control (9), then lines of 9s to a multiple of 10 records
/// (the blocking factor). Amounts are cents, zero-filled; the entry hash is the sum of the
/// receiving banks' 8-digit ids, its last 10 digits. Service class 220 (credits only);
/// transaction codes 22 (checking credit) and 32 (savings credit).
struct NachaFile {
    static let recordLength = 94
    static let blockingFactor = 10

    let batch: Settle_Refunds_V1_DisbursementBatch
    let policy: Settle_Refunds_V1_RefundPolicy
    /// Full bank account numbers by refund id (the stored batch shows them masked).
    let accounts: [String: (routing: String, account: String, type: String)]
    /// The utility's zone: the file header's creation date and time are the originator's.
    let timeZone: TimeZone

    /// The ACH items, in batch order.
    var entries: [Settle_Refunds_V1_DisbursementItem] { batch.items.filter { $0.method == "ach" && $0.netCents > 0 } }

    /// The sum of the entries' receiving bank ids, last 10 digits.
    static func entryHash(_ routings: [String]) -> UInt64 {
        routings.reduce(UInt64(0)) { $0 + RoutingNumber.bankID($1) } % 10_000_000_000
    }

    func render() -> String {
        let created = Self.creationStamp(batch.createdAt, in: timeZone)
        let effective = Self.yymmdd(batch.batchDate)
        let origin8 = String(policy.originRouting.prefix(8))
        var records: [String] = []
        // File header.
        records.append("1" + "01" + Self.right(" " + policy.destinationRouting, 10) + Self.right(" " + policy.originRouting, 10)
            + created.date + created.time + "A" + "094" + "10" + "1"
            + Self.left(policy.destinationName, 23) + Self.left(policy.originName, 23) + Self.left(batch.id, 8))
        // Batch header.
        records.append("5" + "220" + Self.left(policy.companyName, 16) + Self.left("", 20) + Self.left(policy.companyID, 10) + "PPD"
            + Self.left("REFUND", 10) + Self.left(effective, 6) + effective + "   " + "1" + origin8 + Self.zero(1, 7))
        var hashes: [String] = []
        var total: Int64 = 0
        for (index, item) in entries.enumerated() {
            let bank = accounts[item.refundID] ?? (item.routingNumber, "", "checking")
            hashes.append(bank.routing)
            total += item.netCents
            let code = bank.type == "savings" ? "32" : "22"
            records.append("6" + code + String(bank.routing.prefix(8)) + String(bank.routing.suffix(1)) + Self.left(bank.account, 17)
                + Self.zero(UInt64(item.netCents), 10) + Self.left(item.refundID, 15) + Self.left(item.payeeName, 22) + "  " + "0"
                + origin8 + Self.zero(UInt64(index + 1), 7))
        }
        let hash = Self.entryHash(hashes)
        // Batch control.
        records.append("8" + "220" + Self.zero(UInt64(entries.count), 6) + Self.zero(hash, 10) + Self.zero(0, 12) + Self.zero(UInt64(total), 12)
            + Self.left(policy.companyID, 10) + Self.left("", 19) + Self.left("", 6) + origin8 + Self.zero(1, 7))
        // File control: the block count includes this record and the filler to come.
        let blocks = (records.count + 1 + Self.blockingFactor - 1) / Self.blockingFactor
        records.append("9" + Self.zero(1, 6) + Self.zero(UInt64(blocks), 6) + Self.zero(UInt64(entries.count), 8) + Self.zero(hash, 10)
            + Self.zero(0, 12) + Self.zero(UInt64(total), 12) + Self.left("", 39))
        while records.count % Self.blockingFactor != 0 { records.append(String(repeating: "9", count: Self.recordLength)) }
        return records.map { $0 + "\n" }.joined()
    }

    /// Left-justified, space-filled, cut to `width`; upper case, printable ASCII only.
    static func left(_ text: String, _ width: Int) -> String {
        let clean = String(text.uppercased().unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : " " })
        return String(clean.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0)
    }

    static func right(_ text: String, _ width: Int) -> String {
        let cut = String(text.suffix(width))
        return String(repeating: " ", count: width - cut.count) + cut
    }

    static func zero(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits.suffix(width)
    }

    /// "YYMMDD" of a "YYYY-MM-DD" date.
    static func yymmdd(_ date: String) -> String {
        let parts = date.split(separator: "-")
        guard parts.count == 3 else { return "000000" }
        return String(parts[0].suffix(2)) + parts[1] + parts[2]
    }

    /// File creation date (YYMMDD) and time (HHMM) of the batch's UTC creation instant, on the
    /// utility's clock: a batch made at 19:30 in Chicago is dated that day, not the next UTC day.
    static func creationStamp(_ iso: String, in timeZone: TimeZone) -> (date: String, time: String) {
        guard let instant = UTCTimestamp.instant(from: iso) else { return (yymmdd(String(iso.prefix(10))), "0000") }
        let (day, minutes) = LocalDate.wallClock(instant, in: timeZone)
        return (yymmdd(day.description), zero(UInt64(minutes / 60), 2) + zero(UInt64(minutes % 60), 2))
    }
}
